import { OptimisticLockErrorMsg, newConflict, newForbidden, nowRFC3339 } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import type { KeyValue } from '@strata/storage';
import { decodeObject } from '../codec';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, validateDeleteOptions } from '../deletion';
import type { DeleteOptions } from '../deletion';
import { objectKey } from '../keys';
import { GenericStore } from '../store';
import type { DeleteOutcome, RequestScope } from '../store';

const NAMESPACES = { group: '', resource: 'namespaces' };
// kube's NamespaceLifecycle immortal namespaces.
const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public']);
const MAX_ATTEMPTS = 16;

/** spec.finalizers of a namespace ([] when absent). */
export function namespaceSpecFinalizers(ns: KubeObject): string[] {
  const spec = ns['spec'] as { finalizers?: unknown } | undefined;
  return Array.isArray(spec?.finalizers) ? spec.finalizers.filter((f): f is string => typeof f === 'string') : [];
}

function keepsFinalizer(opts: DeleteOptions, policy: 'Orphan' | 'Foreground', has: boolean): boolean {
  if (opts.orphanDependents !== undefined) return policy === 'Orphan' ? opts.orphanDependents : !opts.orphanDependents;
  if (opts.propagationPolicy !== undefined) return opts.propagationPolicy === policy;
  return has;
}

/**
 * The namespace store (kube's namespace REST): DELETE first marks the namespace Terminating (deletionTimestamp,
 * status.phase) and answers it; the namespace lifecycle controller empties it and drops `kubernetes` from
 * spec.finalizers through `namespaces/finalize`, and the update that leaves no spec or metadata finalizers
 * removes it. `default`, `kube-system` and `kube-public` may not be deleted (403).
 */
export class NamespaceStore extends GenericStore {
  override async deleteObject(scope: RequestScope, name: string, opts: DeleteOptions = {}): Promise<DeleteOutcome> {
    validateDeleteOptions(opts);
    if (IMMORTAL_NAMESPACES.has(name)) throw newForbidden(NAMESPACES, name, 'this namespace may not be deleted');
    const key = objectKey(this.resource.info, scope.cluster, undefined, name);
    let current: KeyValue | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      current = current ?? (await this.readCurrent(scope, name, 'delete'));
      const ns = decodeObject(current);
      this.checkNamespacePreconditions(name, ns, opts);
      if (ns.metadata.deletionTimestamp) {
        if (namespaceSpecFinalizers(ns).length > 0) return { result: ns, deleted: false };
        return super.deleteObject(scope, name, { ...opts, preconditions: { ...opts.preconditions, uid: ns.metadata.uid } });
      }
      const next = this.terminating(ns, opts);
      if (opts.dryRun) return { result: next, deleted: false };
      const written = await this.writeIfUnchanged(scope, key, name, next, current.modRevision, 'delete');
      if (written.succeeded) return { result: decodeObject(written.kv), deleted: false };
      current = written.current;
    }
    throw newConflict(NAMESPACES, name, OptimisticLockErrorMsg);
  }

  /** Namespaces also wait for spec.finalizers (kube's ShouldDeleteNamespaceDuringUpdate). */
  protected override shouldDeleteDuringUpdate(next: KubeObject, old: KubeObject): boolean {
    return namespaceSpecFinalizers(next).length === 0 && super.shouldDeleteDuringUpdate(next, old);
  }

  private checkNamespacePreconditions(name: string, ns: KubeObject, opts: DeleteOptions): void {
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== ns.metadata.uid) {
      throw newConflict(NAMESPACES, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${ns.metadata.uid ?? ''}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== ns.metadata.resourceVersion) {
      throw newConflict(
        NAMESPACES,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${ns.metadata.resourceVersion ?? ''}`,
      );
    }
  }

  /** The first phase of a namespace deletion: Terminating, deletionTimestamp, propagation finalizers as asked. */
  private terminating(ns: KubeObject, opts: DeleteOptions): KubeObject {
    const next = structuredClone(ns);
    next.metadata.deletionTimestamp = nowRFC3339();
    next['status'] = { ...((ns['status'] as object | undefined) ?? {}), phase: 'Terminating' };
    const current = new Set(ns.metadata.finalizers ?? []);
    const wanted = new Set(current);
    for (const [finalizer, policy] of [
      [ORPHAN_FINALIZER, 'Orphan'],
      [FOREGROUND_FINALIZER, 'Foreground'],
    ] as const) {
      if (keepsFinalizer(opts, policy, current.has(finalizer))) wanted.add(finalizer);
      else wanted.delete(finalizer);
    }
    if (wanted.size > 0) next.metadata.finalizers = [...wanted];
    else delete next.metadata.finalizers;
    return next;
  }
}
