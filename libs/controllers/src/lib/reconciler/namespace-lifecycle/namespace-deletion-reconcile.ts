import { deletionConditions, mergeConditions } from './namespace-conditions';
import type { NamespaceContentApi, NamespaceObject } from './namespace-content-api';

/** The spec finalizer this controller owns (kube's FinalizerKubernetes). */
export const NAMESPACE_CONTENT_FINALIZER = 'kubernetes';

/**
 * What one pass did: `not-terminating` (nothing to do), `not-ours` (our finalizer is already gone), `remaining`
 * (content left, e.g. held by finalizers: requeue), `conflict` (the namespace changed meanwhile: requeue),
 * `finalized` (empty; our finalizer dropped, the apiserver removes the namespace once no finalizers are left).
 */
export type NamespaceDeletionResult = 'not-terminating' | 'not-ours' | 'remaining' | 'conflict' | 'finalized';

function sameConditions(a: NamespaceObject, b: NamespaceObject): boolean {
  const strip = (ns: NamespaceObject) => (ns.status?.conditions ?? []).map(({ lastTransitionTime: _t, ...c }) => c);
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/**
 * kube's namespacedResourcesDeleter.Delete for one terminating namespace: DeleteCollection (Background) of every
 * namespaced resource discovery lists, count what remains, report it in the status conditions, and when nothing
 * remains remove `kubernetes` from spec.finalizers through namespaces/<n>/finalize. Idempotent; rejects with the
 * first API failure it cannot attribute to one resource (discovery, status, finalize), so the pass is retried.
 */
export async function reconcileNamespaceDeletion(
  api: NamespaceContentApi,
  ns: NamespaceObject,
  now: () => string,
  signal?: AbortSignal,
): Promise<NamespaceDeletionResult> {
  if (!ns.metadata.deletionTimestamp) return 'not-terminating';
  if (!(ns.spec?.finalizers ?? []).includes(NAMESPACE_CONTENT_FINALIZER)) return 'not-ours';
  const name = ns.metadata.name;
  const remaining = new Map<string, number>();
  const finalizers = new Map<string, number>();
  const failures = new Map<string, string>();
  for (const resource of await api.namespacedResources(signal)) {
    signal?.throwIfAborted();
    try {
      if (resource.verbs.includes('deletecollection')) await api.deleteCollection(resource, name, signal);
      const left = await api.remaining(resource, name, signal);
      if (left.count > 0) remaining.set(resource.plural, (remaining.get(resource.plural) ?? 0) + left.count);
      for (const [f, n] of left.finalizers) finalizers.set(f, (finalizers.get(f) ?? 0) + n);
      if (left.count > 0 && !resource.verbs.includes('deletecollection')) failures.set(resource.plural, 'deletecollection is not supported');
    } catch (err) {
      signal?.throwIfAborted();
      failures.set(resource.plural, err instanceof Error ? err.message : String(err));
    }
  }
  let current = ns;
  const conditions = mergeConditions(ns.status?.conditions ?? [], deletionConditions({ remaining, finalizers, failures }), now());
  const withStatus: NamespaceObject = { ...ns, status: { ...ns.status, phase: 'Terminating', conditions } };
  if (!sameConditions(withStatus, ns)) {
    const updated = await api.updateStatus(withStatus, signal);
    if (!updated) return 'conflict';
    current = updated;
  }
  if (remaining.size > 0 || failures.size > 0) return 'remaining';
  const specFinalizers = (current.spec?.finalizers ?? []).filter((f) => f !== NAMESPACE_CONTENT_FINALIZER);
  const finalized = await api.finalize({ ...current, spec: { ...current.spec, finalizers: specFinalizers } }, signal);
  return finalized ? 'finalized' : 'conflict';
}
