import { STANDARD_VERBS } from '../resource-info';
import type { ResourceDefinition } from '../strategy';
import { serviceAccountStrategy } from './strategy';
import { serviceAccountTable } from './table';

/** core/v1 serviceaccounts. */
export const serviceAccountResource: ResourceDefinition = {
  info: {
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    listKind: 'ServiceAccountList',
    plural: 'serviceaccounts',
    singular: 'serviceaccount',
    shortNames: ['sa'],
    namespaced: true,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: serviceAccountStrategy,
  table: serviceAccountTable,
  topLevelFields: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
  extraSelectableFields: [],
  returnDeletedObject: false,
};
