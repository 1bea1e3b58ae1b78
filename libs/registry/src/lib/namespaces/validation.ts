import { invalid, isDNS1123Label, isQualifiedName } from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';
import { nameValidator, validateObjectMeta, validateObjectMetaUpdate } from '../object-meta-validation';

/** kube's ValidateNamespace: a cluster-scoped object whose name is a DNS-1123 label. */
export function validateNamespace(obj: KubeObject): FieldError[] {
  return validateObjectMeta(obj, false, nameValidator(isDNS1123Label), isDNS1123Label);
}

/** kube's ValidateNamespaceUpdate. */
export function validateNamespaceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateNamespace(obj)];
}

// kube's standardFinalizers: names without a "/" that a namespace may carry.
const STANDARD_FINALIZERS: readonly string[] = ['kubernetes', 'orphan', 'foregroundDeletion'];

function spec(obj: KubeObject): { finalizers?: unknown } {
  const s = obj['spec'];
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as { finalizers?: unknown }) : {};
}

/** kube's ValidateNamespaceFinalizeUpdate: metadata immutability plus each spec.finalizers entry a valid name. */
export function validateNamespaceFinalizeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  const finalizers = spec(obj).finalizers;
  if (finalizers !== undefined && !Array.isArray(finalizers)) {
    return [...errs, invalid('spec.finalizers', finalizers, 'must be a list of strings')];
  }
  (finalizers ?? []).forEach((f: unknown, i: number) => {
    const field = `spec.finalizers[${i}]`;
    const name = typeof f === 'string' ? f : String(f);
    for (const msg of isQualifiedName(name)) errs.push(invalid(field, name, msg));
    if (!name.includes('/') && !STANDARD_FINALIZERS.includes(name)) {
      errs.push(invalid(field, name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

/** kube's ValidateNamespaceStatusUpdate: phase Active without deletionTimestamp, Terminating with one. */
export function validateNamespaceStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  const phase = (obj['status'] as { phase?: unknown } | undefined)?.phase;
  if (!obj.metadata.deletionTimestamp) {
    if (phase !== 'Active') errs.push(invalid('status.Phase', phase ?? '', "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== 'Terminating') {
    errs.push(invalid('status.Phase', phase ?? '', "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}
