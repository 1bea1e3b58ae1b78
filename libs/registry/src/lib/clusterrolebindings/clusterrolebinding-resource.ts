import { STANDARD_VERBS } from '../resource-info';
import { bindingTable } from '../rbac/rbac-tables';
import type { ResourceDefinition } from '../strategy';
import { clusterRoleBindingStrategy } from './strategy';

/** rbac.authorization.k8s.io/v1 clusterrolebindings. */
export const clusterRoleBindingResource: ResourceDefinition = {
  info: {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRoleBinding',
    listKind: 'ClusterRoleBindingList',
    plural: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    shortNames: [],
    namespaced: false,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: clusterRoleBindingStrategy,
  table: bindingTable,
  topLevelFields: ['subjects', 'roleRef'],
  extraSelectableFields: [],
  returnDeletedObject: false,
};
