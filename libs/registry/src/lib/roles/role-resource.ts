import { STANDARD_VERBS } from '../resource-info';
import { roleTable } from '../rbac/rbac-tables';
import type { ResourceDefinition } from '../strategy';
import { roleStrategy } from './strategy';

/** rbac.authorization.k8s.io/v1 roles. */
export const roleResource: ResourceDefinition = {
  info: {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'Role',
    listKind: 'RoleList',
    plural: 'roles',
    singular: 'role',
    shortNames: [],
    namespaced: true,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: roleStrategy,
  table: roleTable,
  topLevelFields: ['rules'],
  extraSelectableFields: [],
  returnDeletedObject: false,
};
