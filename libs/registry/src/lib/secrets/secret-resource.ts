import { STANDARD_VERBS } from '../resource-info';
import type { ResourceDefinition } from '../strategy';
import { secretStrategy } from './strategy';
import { secretTable } from './table';

/** core/v1 secrets. */
export const secretResource: ResourceDefinition = {
  info: {
    group: '',
    version: 'v1',
    kind: 'Secret',
    listKind: 'SecretList',
    plural: 'secrets',
    singular: 'secret',
    shortNames: [],
    namespaced: true,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: secretStrategy,
  table: secretTable,
  topLevelFields: ['data', 'stringData', 'type', 'immutable'],
  extraSelectableFields: ['type'],
  returnDeletedObject: false,
};
