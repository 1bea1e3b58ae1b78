import { STANDARD_VERBS } from '../resource-info';
import { bindingTable } from '../rbac/rbac-tables';
import type { ResourceDefinition } from '../strategy';
import { roleBindingStrategy } from './strategy';

/** rbac.authorization.k8s.io/v1 rolebindings. */
export const roleBindingResource: ResourceDefinition = {
  info: {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'RoleBinding',
    listKind: 'RoleBindingList',
    plural: 'rolebindings',
    singular: 'rolebinding',
    shortNames: [],
    namespaced: true,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: roleBindingStrategy,
  table: bindingTable,
  topLevelFields: ['subjects', 'roleRef'],
  extraSelectableFields: [],
  returnDeletedObject: false,
};
