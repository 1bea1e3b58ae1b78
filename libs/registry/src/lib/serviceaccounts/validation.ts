import { isDNS1123Label, isDNS1123Subdomain } from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';
import { nameValidator, validateObjectMeta, validateObjectMetaUpdate } from '../object-meta-validation';

/** kube's ValidateServiceAccount: a namespaced object whose name is a DNS-1123 subdomain. */
export function validateServiceAccount(obj: KubeObject): FieldError[] {
  return validateObjectMeta(obj, true, nameValidator(isDNS1123Subdomain), isDNS1123Label);
}

/** kube's ValidateServiceAccountUpdate. */
export function validateServiceAccountUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateServiceAccount(obj)];
}
