import type { FieldError, KubeObject } from '@strata/apimachinery';
import { validateObjectMetaUpdate } from '../object-meta-validation';
import { validateRBACObjectMeta, validateRoleRef, validateRoleRefUnchanged, validateSubjects } from '../rbac/rbac-validation';

/** kube's ValidateClusterRoleBinding: name a path segment, roleRef kind among ['ClusterRole'], every subject valid. */
export function validateClusterRoleBinding(obj: KubeObject): FieldError[] {
  return [...validateRBACObjectMeta(obj, false), ...validateRoleRef(obj, ['ClusterRole']), ...validateSubjects(obj, false)];
}

/** kube's ValidateClusterRoleBindingUpdate: also, roleRef never changes (422 `cannot change roleRef`). */
export function validateClusterRoleBindingUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateClusterRoleBinding(obj), ...validateObjectMetaUpdate(obj, old), ...validateRoleRefUnchanged(obj, old)];
}
