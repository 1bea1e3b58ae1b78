import { STANDARD_VERBS } from '../resource-info';
import type { ResourceDefinition } from '../strategy';
import { configMapStrategy } from './strategy';
import { configMapTable } from './table';

/** core/v1 configmaps. */
export const configMapResource: ResourceDefinition = {
  info: {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    listKind: 'ConfigMapList',
    plural: 'configmaps',
    singular: 'configmap',
    shortNames: ['cm'],
    namespaced: true,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: configMapStrategy,
  table: configMapTable,
  topLevelFields: ['data', 'binaryData', 'immutable'],
  extraSelectableFields: [],
  returnDeletedObject: false,
};
