import { STANDARD_VERBS } from '../../resource-info';
import type { ResourceDefinition } from '../../strategy';
import { workspaceStatusStrategy, workspaceStrategy } from './strategy';
import { workspaceTable } from './table';
import { TENANCY_GROUP, TENANCY_VERSION } from './workspace-types';

/**
 * tenancy.strata.dev/v1alpha1 workspaces (cluster-scoped, short name ws), served in every workspace: a Workspace
 * is stored in its parent's logical cluster, `/registry/tenancy.strata.dev/workspaces/<parentClusterId>/<name>`.
 */
export const workspaceResource: ResourceDefinition = {
  info: {
    group: TENANCY_GROUP,
    version: TENANCY_VERSION,
    kind: 'Workspace',
    listKind: 'WorkspaceList',
    plural: 'workspaces',
    singular: 'workspace',
    shortNames: ['ws'],
    namespaced: false,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: workspaceStrategy,
  table: workspaceTable,
  topLevelFields: ['spec', 'status'],
  extraSelectableFields: ['status.phase'],
  returnDeletedObject: true,
};

/** The `workspaces/status` subresource: the same objects through the status strategy. */
export const workspaceStatusResource: ResourceDefinition = { ...workspaceResource, strategy: workspaceStatusStrategy };
