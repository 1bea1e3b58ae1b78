import type { FieldError, KubeObject } from '@strata/apimachinery';
import { validateObjectMetaUpdate } from '../object-meta-validation';
import { validateRBACObjectMeta, validateRoleRef, validateRoleRefUnchanged, validateSubjects } from '../rbac/rbac-validation';

/** kube's ValidateRoleBinding: name a path segment, roleRef kind among ['Role', 'ClusterRole'], every subject valid. */
export function validateRoleBinding(obj: KubeObject): FieldError[] {
  return [...validateRBACObjectMeta(obj, true), ...validateRoleRef(obj, ['Role', 'ClusterRole']), ...validateSubjects(obj, true)];
}

/** kube's ValidateRoleBindingUpdate: also, roleRef never changes (422 `cannot change roleRef`). */
export function validateRoleBindingUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateRoleBinding(obj), ...validateObjectMetaUpdate(obj, old), ...validateRoleRefUnchanged(obj, old)];
}
