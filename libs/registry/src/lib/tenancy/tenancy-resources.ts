import type { Storage } from '@strata/storage';
import type { GenericStore } from '../store';
import type { ResourceDefinition } from '../strategy';
import { LogicalClusterStore } from './logicalclusters/logical-cluster-store';
import { logicalClusterResource, logicalClusterStatusResource } from './logicalclusters/logical-cluster-resource';
import { WorkspaceStore } from './workspaces/workspace-store';
import { workspaceResource, workspaceStatusResource } from './workspaces/workspace-resource';

/** Options of {@link tenancyResources}. */
export interface TenancyResourcesOptions {
  /** Called with the logical cluster id of a Workspace deleted, or no longer Ready, through this server. */
  readonly forgetCluster?: (clusterId: string) => void;
  /** The URL users reach the apiserver at: the base of each new Workspace's spec.URL (see WorkspaceStoreOptions). */
  readonly externalUrl?: string;
}

/** A served resource with its `status` subresource (the shape of the registry's ServedResource). */
export interface TenancyServedResource {
  readonly definition: ResourceDefinition;
  readonly store: GenericStore;
  readonly subresources: Readonly<Record<string, { readonly definition: ResourceDefinition; readonly store: GenericStore }>>;
}

/**
 * The tenancy resources served in every workspace: tenancy.strata.dev workspaces and core.strata.dev
 * logicalclusters, each with a `status` subresource whose store writes only status.
 */
export function tenancyResources(storage: Storage, opts: TenancyResourcesOptions = {}): TenancyServedResource[] {
  const { forgetCluster, externalUrl } = opts;
  return [
    {
      definition: workspaceResource,
      store: new WorkspaceStore({ storage, resource: workspaceResource, forgetCluster, externalUrl }),
      subresources: {
        status: { definition: workspaceStatusResource, store: new WorkspaceStore({ storage, resource: workspaceStatusResource, forgetCluster, externalUrl }) },
      },
    },
    {
      definition: logicalClusterResource,
      store: new LogicalClusterStore({ storage, resource: logicalClusterResource }),
      subresources: {
        status: { definition: logicalClusterStatusResource, store: new LogicalClusterStore({ storage, resource: logicalClusterStatusResource }) },
      },
    },
  ];
}
