import type { KubeObject } from '@strata/apimachinery';
import { AGE_COLUMN, NAME_COLUMN, ageCell } from '../table';
import type { TableColumnDefinition, TableDefinition } from '../table';

const CREATED_AT: TableColumnDefinition = {
  name: 'Created At',
  type: 'date',
  format: '',
  description: AGE_COLUMN.description,
  priority: 0,
};

/** kube's Role/ClusterRole printer: NAME CREATED AT (RFC 3339, UTC). */
export const roleTable: TableDefinition = {
  columns: [NAME_COLUMN, CREATED_AT],
  cells(obj: KubeObject): unknown[] {
    return [obj.metadata?.name ?? '', obj.metadata?.creationTimestamp ?? '0001-01-01T00:00:00Z'];
  },
};

/** kube's rbac.SubjectsStrings: users, groups, service accounts (namespace/name), joined with ", ". */
export function subjectsStrings(obj: KubeObject): [users: string, groups: string, serviceAccounts: string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  const subjects = Array.isArray(obj['subjects']) ? (obj['subjects'] as unknown[]) : [];
  for (const s of subjects) {
    const subject = (s ?? {}) as { kind?: string; name?: string; namespace?: string };
    if (subject.kind === 'User') users.push(subject.name ?? '');
    else if (subject.kind === 'Group') groups.push(subject.name ?? '');
    else if (subject.kind === 'ServiceAccount') sas.push(`${subject.namespace ?? ''}/${subject.name ?? ''}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

/** kube's RoleBinding/ClusterRoleBinding printer: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS. */
export const bindingTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    {
      name: 'Role',
      type: 'string',
      format: '',
      description: "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.",
      priority: 0,
    },
    AGE_COLUMN,
    { name: 'Users', type: 'string', format: '', description: 'Users in the roleBinding', priority: 1 },
    { name: 'Groups', type: 'string', format: '', description: 'Groups in the roleBinding', priority: 1 },
    { name: 'ServiceAccounts', type: 'string', format: '', description: 'ServiceAccounts in the roleBinding', priority: 1 },
  ],
  cells(obj: KubeObject, now: number): unknown[] {
    const ref = (obj['roleRef'] ?? {}) as { kind?: string; name?: string };
    return [obj.metadata?.name ?? '', `${ref.kind ?? ''}/${ref.name ?? ''}`, ageCell(obj, now), ...subjectsStrings(obj)];
  },
};
