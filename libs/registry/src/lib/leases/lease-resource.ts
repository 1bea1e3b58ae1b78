import { STANDARD_VERBS } from '../resource-info';
import type { ResourceDefinition } from '../strategy';
import { leaseStrategy } from './strategy';
import { leaseTable } from './table';

/** coordination.k8s.io/v1 leases. */
export const leaseResource: ResourceDefinition = {
  info: {
    group: 'coordination.k8s.io',
    version: 'v1',
    kind: 'Lease',
    listKind: 'LeaseList',
    plural: 'leases',
    singular: 'lease',
    shortNames: [],
    namespaced: true,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: leaseStrategy,
  table: leaseTable,
  topLevelFields: ['spec'],
  extraSelectableFields: [],
  returnDeletedObject: false,
};
