import { STANDARD_VERBS } from '../resource-info';
import { roleTable } from '../rbac/rbac-tables';
import type { ResourceDefinition } from '../strategy';
import { clusterRoleStrategy } from './strategy';

/** rbac.authorization.k8s.io/v1 clusterroles. */
export const clusterRoleResource: ResourceDefinition = {
  info: {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRole',
    listKind: 'ClusterRoleList',
    plural: 'clusterroles',
    singular: 'clusterrole',
    shortNames: [],
    namespaced: false,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: clusterRoleStrategy,
  table: roleTable,
  topLevelFields: ['rules', 'aggregationRule'],
  extraSelectableFields: [],
  returnDeletedObject: false,
};
