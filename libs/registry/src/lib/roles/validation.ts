import type { FieldError, KubeObject } from '@strata/apimachinery';
import { validateObjectMetaUpdate } from '../object-meta-validation';
import { validateRBACObjectMeta, validateRules } from '../rbac/rbac-validation';

/** kube's ValidateRole: namespaced, name a path segment, every rule valid for a namespace. */
export function validateRole(obj: KubeObject): FieldError[] {
  return [...validateRBACObjectMeta(obj, true), ...validateRules(obj, true)];
}

/** kube's ValidateRoleUpdate. */
export function validateRoleUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateRole(obj), ...validateObjectMetaUpdate(obj, old)];
}
