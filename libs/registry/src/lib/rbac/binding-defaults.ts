import type { KubeObject } from '@strata/apimachinery';
import { RBAC_GROUP } from './rbac-validation';

/**
 * kube's v1 defaulting of bindings (SetDefaults_RoleBinding/ClusterRoleBinding/Subject): an empty roleRef.apiGroup
 * is the RBAC group; an empty subject apiGroup is the RBAC group for Users and Groups (ServiceAccounts keep "",
 * which JSON omits).
 */
export function defaultBinding(obj: KubeObject): void {
  const ref = obj['roleRef'];
  if (ref && typeof ref === 'object' && !Array.isArray(ref) && !(ref as { apiGroup?: unknown }).apiGroup) {
    obj['roleRef'] = { ...(ref as Record<string, unknown>), apiGroup: RBAC_GROUP };
  }
  const subjects = obj['subjects'];
  if (!Array.isArray(subjects)) return;
  obj['subjects'] = subjects.map((s: unknown) => {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
    const subject = s as Record<string, unknown>;
    if (subject['apiGroup']) return subject;
    if (subject['kind'] === 'User' || subject['kind'] === 'Group') return { ...subject, apiGroup: RBAC_GROUP };
    return subject;
  });
}
