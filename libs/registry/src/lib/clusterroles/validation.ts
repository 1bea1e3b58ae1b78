import { required } from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';
import { validateObjectMetaUpdate } from '../object-meta-validation';
import { validateLabelSelector, validateRBACObjectMeta, validateRules } from '../rbac/rbac-validation';

function aggregationErrors(obj: KubeObject): FieldError[] {
  const rule = obj['aggregationRule'];
  if (rule === undefined || rule === null) return [];
  const selectors = (rule as { clusterRoleSelectors?: unknown }).clusterRoleSelectors;
  const list = Array.isArray(selectors) ? selectors : [];
  if (list.length === 0) {
    return [required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil')];
  }
  return list.flatMap((s, i) => validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`));
}

/** kube's ValidateClusterRole: cluster-scoped, name a path segment, rules, and a non-empty aggregationRule when set. */
export function validateClusterRole(obj: KubeObject): FieldError[] {
  return [...validateRBACObjectMeta(obj, false), ...validateRules(obj, false), ...aggregationErrors(obj)];
}

/** kube's ValidateClusterRoleUpdate. */
export function validateClusterRoleUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateClusterRole(obj), ...validateObjectMetaUpdate(obj, old)];
}
