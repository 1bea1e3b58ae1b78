import type { KubeObject } from '@strata/apimachinery';
import { StorageErrorCode, isStorageError } from '@strata/storage';
import type { Storage } from '@strata/storage';
import { decodeObject } from '../codec';
import { objectKey } from '../keys';
import { logicalClusterResource } from '../tenancy/logicalclusters/logical-cluster-resource';
import { LOGICAL_CLUSTER_NAME } from '../tenancy/logicalclusters/logical-cluster-types';
import { workspaceResource } from '../tenancy/workspaces/workspace-resource';
import { workspaceSpec, workspaceStatus } from '../tenancy/workspaces/workspace-types';

/** What resolution needs of one Workspace object. */
export interface WorkspaceRecord {
  /** spec.cluster; absent until the workspace-controller assigned one. */
  readonly cluster?: string;
  /** status.phase; `Terminating` when the object is being deleted whatever its phase says. */
  readonly phase?: string;
}

/**
 * The reads a workspace resolver makes (injected, so tests use plain maps). Both reject only on storage failures
 * (unavailable, timeouts), never for absence.
 */
export interface WorkspaceLookup {
  /** The Workspace `name` stored in logical cluster `parentCluster`, or undefined when there is none. */
  workspace(parentCluster: string, name: string, signal?: AbortSignal): Promise<WorkspaceRecord | undefined>;
  /** Whether logical cluster `clusterId` holds its LogicalCluster object (i.e. was provisioned). */
  logicalClusterExists(clusterId: string, signal?: AbortSignal): Promise<boolean>;
}

async function getObject(storage: Storage, key: string, signal?: AbortSignal): Promise<KubeObject | undefined> {
  try {
    return decodeObject((await storage.get(key, { signal })).kv);
  } catch (err) {
    if (isStorageError(err, StorageErrorCode.KeyNotFound)) return undefined;
    throw err;
  }
}

/** {@link WorkspaceLookup} over the storage the registry uses (one point read per call). */
export class StorageWorkspaceLookup implements WorkspaceLookup {
  constructor(private readonly storage: Storage) {}

  async workspace(parentCluster: string, name: string, signal?: AbortSignal): Promise<WorkspaceRecord | undefined> {
    const obj = await getObject(this.storage, objectKey(workspaceResource.info, parentCluster, undefined, name), signal);
    if (!obj) return undefined;
    const phase = obj.metadata.deletionTimestamp ? 'Terminating' : workspaceStatus(obj).phase;
    return { cluster: workspaceSpec(obj).cluster, phase };
  }

  async logicalClusterExists(clusterId: string, signal?: AbortSignal): Promise<boolean> {
    const key = objectKey(logicalClusterResource.info, clusterId, undefined, LOGICAL_CLUSTER_NAME);
    return (await getObject(this.storage, key, signal)) !== undefined;
  }
}
