import { STANDARD_VERBS } from '../resource-info';
import type { ResourceDefinition } from '../strategy';
import { namespaceStrategy } from './strategy';
import { namespaceTable } from './table';

/** core/v1 namespaces (cluster-scoped). */
export const namespaceResource: ResourceDefinition = {
  info: {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    listKind: 'NamespaceList',
    plural: 'namespaces',
    singular: 'namespace',
    shortNames: ['ns'],
    namespaced: false,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: namespaceStrategy,
  table: namespaceTable,
  topLevelFields: ['spec', 'status'],
  extraSelectableFields: ['status.phase'],
  returnDeletedObject: true,
};
