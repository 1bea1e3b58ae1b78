import type { KubeObject } from '@strata/apimachinery';
import { StorageErrorCode, isStorageError } from '@strata/storage';
import type { Storage } from '@strata/storage';
import { decodeObject } from '../codec';
import { objectKey } from '../keys';
import { logicalClusterResource } from '../tenancy/logicalclusters/logical-cluster-resource';
import { LOGICAL_CLUSTER_NAME, logicalClusterStatus } from '../tenancy/logicalclusters/logical-cluster-types';
import { workspaceResource } from '../tenancy/workspaces/workspace-resource';
import { workspaceSpec, workspaceStatus } from '../tenancy/workspaces/workspace-types';

/** What resolution needs of one Workspace object. */
export interface WorkspaceRecord {
  /** spec.cluster; absent until the workspace-controller assigned one. */
  readonly cluster?: string;
  /** status.phase; `Terminating` when the object is being deleted whatever its phase says. */
  readonly phase?: string;
}

/** What resolution, and a Workspace's URL, need of one LogicalCluster object. */
export interface LogicalClusterRecord {
  /** status.path (`root:acme`); absent until the workspace-controller wrote the status. */
  readonly path?: string;
  /** status.phase. */
  readonly phase?: string;
}

/**
 * The reads a workspace resolver makes (injected, so tests use plain maps). Both reject only on storage failures
 * (unavailable, timeouts), never for absence.
 */
export interface WorkspaceLookup {
  /** The Workspace `name` stored in logical cluster `parentCluster`, or undefined when there is none. */
  workspace(parentCluster: string, name: string, signal?: AbortSignal): Promise<WorkspaceRecord | undefined>;
  /** The LogicalCluster object of logical cluster `clusterId`, or undefined when it has none (not provisioned). */
  logicalCluster(clusterId: string, signal?: AbortSignal): Promise<LogicalClusterRecord | undefined>;
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

  async logicalCluster(clusterId: string, signal?: AbortSignal): Promise<LogicalClusterRecord | undefined> {
    const key = objectKey(logicalClusterResource.info, clusterId, undefined, LOGICAL_CLUSTER_NAME);
    const obj = await getObject(this.storage, key, signal);
    if (!obj) return undefined;
    const { path, phase } = logicalClusterStatus(obj);
    return { ...(typeof path === 'string' && path ? { path } : {}), ...(typeof phase === 'string' ? { phase } : {}) };
  }
}
