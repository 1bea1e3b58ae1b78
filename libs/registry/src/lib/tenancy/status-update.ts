import type { KubeObject } from '@strata/apimachinery';

/**
 * What a `/status` update may change: only `status`. Everything else comes from the stored object, like kube's
 * status strategies (Spec = old.Spec) plus metav1.ResetObjectMetaForStatus (labels, annotations, finalizers,
 * ownerReferences and deletionTimestamp are the stored ones).
 */
export function keepAllButStatus(obj: KubeObject, old: KubeObject): void {
  for (const key of Object.keys(obj)) {
    if (key !== 'status' && key !== 'metadata' && key !== 'kind' && key !== 'apiVersion') delete obj[key];
  }
  for (const [key, value] of Object.entries(old)) {
    if (key !== 'status' && key !== 'metadata' && key !== 'kind' && key !== 'apiVersion') obj[key] = structuredClone(value);
  }
  const meta = obj.metadata;
  const oldMeta = old.metadata ?? {};
  for (const field of ['labels', 'annotations', 'finalizers', 'ownerReferences', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
    if (oldMeta[field] === undefined) delete meta[field];
    else (meta as Record<string, unknown>)[field] = structuredClone(oldMeta[field]);
  }
}
