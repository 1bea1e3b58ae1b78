import { isDNS1123Label } from '@strata/apimachinery';
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
