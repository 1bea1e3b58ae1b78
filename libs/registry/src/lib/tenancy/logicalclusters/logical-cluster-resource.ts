import { STANDARD_VERBS } from '../../resource-info';
import type { ResourceDefinition } from '../../strategy';
import { CORE_STRATA_GROUP, CORE_STRATA_VERSION } from './logical-cluster-types';
import { logicalClusterStatusStrategy, logicalClusterStrategy } from './strategy';
import { logicalClusterTable } from './table';

/** core.strata.dev/v1alpha1 logicalclusters: the one `cluster` object inside each workspace, describing it. */
export const logicalClusterResource: ResourceDefinition = {
  info: {
    group: CORE_STRATA_GROUP,
    version: CORE_STRATA_VERSION,
    kind: 'LogicalCluster',
    listKind: 'LogicalClusterList',
    plural: 'logicalclusters',
    singular: 'logicalcluster',
    shortNames: [],
    namespaced: false,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: logicalClusterStrategy,
  table: logicalClusterTable,
  topLevelFields: ['spec', 'status'],
  extraSelectableFields: ['status.phase'],
  returnDeletedObject: true,
};

/** The `logicalclusters/status` subresource. */
export const logicalClusterStatusResource: ResourceDefinition = { ...logicalClusterResource, strategy: logicalClusterStatusStrategy };
