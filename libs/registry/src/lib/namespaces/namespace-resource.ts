import { STANDARD_VERBS } from '../resource-info';
import type { ResourceDefinition } from '../strategy';
import { namespaceFinalizeStrategy, namespaceStatusStrategy, namespaceStrategy } from './strategy';
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
    // kube serves no deletecollection on namespaces: deleting everything must be deliberate.
    verbs: STANDARD_VERBS.filter((v) => v !== 'deletecollection'),
    categories: [],
  },
  strategy: namespaceStrategy,
  table: namespaceTable,
  topLevelFields: ['spec', 'status'],
  extraSelectableFields: ['status.phase'],
  returnDeletedObject: true,
};

/** The `namespaces/finalize` subresource: the same objects through the finalize strategy (spec.finalizers). */
export const namespaceFinalizeResource: ResourceDefinition = { ...namespaceResource, strategy: namespaceFinalizeStrategy };

/** The `namespaces/status` subresource: the same objects through the status strategy. */
export const namespaceStatusResource: ResourceDefinition = { ...namespaceResource, strategy: namespaceStatusStrategy };
