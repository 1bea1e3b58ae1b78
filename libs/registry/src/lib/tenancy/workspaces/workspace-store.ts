import { CLUSTER_ID_TOMBSTONE_VALUE, clusterIdTombstoneKey, newInternalError, randomClusterId } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import { StorageErrorCode, isStorageError } from '@strata/storage';
import type { KeyValue } from '@strata/storage';
import { ROOT_CLUSTER } from '../../clusters/cluster-id';
import { workspaceNotFound, workspaceNotReady } from '../../clusters/workspace-cluster-resolver';
import { StorageWorkspaceLookup } from '../../clusters/workspace-lookup';
import type { LogicalClusterRecord } from '../../clusters/workspace-lookup';
import { encodeObject } from '../../codec';
import type { DeleteOptions } from '../../deletion';
import { GenericStore } from '../../store';
import type { DeleteOutcome, GenericStoreOptions, RequestScope, RequestUser, WriteOptions } from '../../store';
import { toStatusError } from '../../storage-errors';
import { WORKSPACE_OWNER_ANNOTATION, workspaceSpec, workspaceStatus } from './workspace-types';
import type { WorkspaceOwner } from './workspace-types';

/** The base of spec.URL when none is configured: the apiserver's default serving address (--secure-port 6443). */
export const DEFAULT_EXTERNAL_URL = 'https://127.0.0.1:6443';

/** Dependencies of a {@link WorkspaceStore}. */
export interface WorkspaceStoreOptions extends GenericStoreOptions {
  /**
   * Told the logical cluster id of a Workspace that was deleted or left phase Ready through this server, so
   * cached resolutions of it end now instead of at their TTL.
   */
  readonly forgetCluster?: (clusterId: string) => void;
  /**
   * The URL users reach the apiserver at, the base of every new Workspace's spec.URL
   * (`<externalUrl>/clusters/<parent path>:<name>`); a trailing slash is dropped. Default {@link DEFAULT_EXTERNAL_URL}.
   */
  readonly externalUrl?: string;
  /** A fresh logical cluster id (default randomClusterId); injected by tests to force collisions. */
  readonly newClusterId?: () => string;
}

/** The owner annotation's value for `user` (kcp's JSON of user.Info). */
export function ownerAnnotation(user: RequestUser): string {
  const owner: WorkspaceOwner = { username: user.username, groups: [...user.groups] };
  if (user.uid) owner.uid = user.uid;
  return JSON.stringify({ username: owner.username, ...(owner.uid ? { uid: owner.uid } : {}), groups: owner.groups });
}

// Ids tried per create: each taken one means a ~72-bit random id collided, so a second failure is already absurd.
const MAX_CLUSTER_ID_ATTEMPTS = 8;
const TOMBSTONE_VALUE = Buffer.from(CLUSTER_ID_TOMBSTONE_VALUE);
const LOGICAL_CLUSTERS = { group: 'core.strata.dev', resource: 'logicalclusters' };

/**
 * The generic store for workspaces (and workspaces/status): a create records the requesting user in the
 * `tenancy.strata.dev/owner` annotation (a client-supplied value is never kept) and assigns the Workspace its
 * logical cluster: spec.cluster a fresh id, spec.URL `<externalUrl>/clusters/<parent path>:<name>`, written in
 * one Txn with the id's tombstone (`/registry/strata.dev/clusterids/<id>`, never deleted, so an id is never
 * handed out twice). The workspace-controller finds both set and goes straight to provisioning, instead of two
 * round trips (reserve, then PUT the spec) per Workspace. A DELETE that the finalizer holds also sets
 * status.phase Terminating (the workspace-controller purges, then drops the finalizer); deletes, and updates that
 * leave a Workspace not Ready, make the cluster resolver forget it at once.
 */
export class WorkspaceStore extends GenericStore {
  private readonly forgetCluster?: (clusterId: string) => void;
  private readonly externalUrl: string;
  private readonly newClusterId: () => string;
  private readonly lookup: StorageWorkspaceLookup;

  constructor(opts: WorkspaceStoreOptions) {
    super({
      ...opts,
      afterDelete: async (scope, deleted) => {
        this.forget(deleted);
        await opts.afterDelete?.(scope, deleted);
      },
    });
    this.forgetCluster = opts.forgetCluster;
    this.externalUrl = (opts.externalUrl ?? DEFAULT_EXTERNAL_URL).replace(/\/+$/, '');
    this.newClusterId = opts.newClusterId ?? (() => randomClusterId());
    this.lookup = new StorageWorkspaceLookup(opts.storage);
  }

  private forget(obj: KubeObject): void {
    const cluster = workspaceSpec(obj).cluster;
    if (cluster && this.forgetCluster) this.forgetCluster(cluster);
  }

  override create(scope: RequestScope, input: KubeObject, opts?: WriteOptions): Promise<KubeObject> {
    const obj = structuredClone(input);
    obj.metadata = obj.metadata ?? {};
    const annotations = { ...(obj.metadata.annotations ?? {}) };
    if (scope.user) annotations[WORKSPACE_OWNER_ANNOTATION] = ownerAnnotation(scope.user);
    else delete annotations[WORKSPACE_OWNER_ANNOTATION];
    if (Object.keys(annotations).length > 0) obj.metadata.annotations = annotations;
    else delete obj.metadata.annotations;
    return super.create(scope, obj, opts);
  }

  /**
   * The Workspace and its id's tombstone in one createAll, the Workspace first: KeyExists naming the Workspace is
   * the usual AlreadyExists (generateName retries it with another name), KeyExists naming the tombstone means the
   * id is taken, so another one is tried; after MAX_CLUSTER_ID_ATTEMPTS a 500. Nothing is written on failure.
   */
  protected override async writeCreate(scope: RequestScope, key: string, obj: KubeObject): Promise<KeyValue> {
    const url = `${this.externalUrl}/clusters/${await this.parentPath(scope)}:${obj.metadata.name ?? ''}`;
    for (let attempt = 0; attempt < MAX_CLUSTER_ID_ATTEMPTS; attempt++) {
      const id = this.newClusterId();
      const tombstone = clusterIdTombstoneKey(id);
      const ws: KubeObject = { ...obj, spec: { ...workspaceSpec(obj), cluster: id, URL: url } };
      try {
        const [kv] = await this.storage.createAll(
          [
            { key, value: encodeObject(ws) },
            { key: tombstone, value: TOMBSTONE_VALUE },
          ],
          { signal: scope.signal },
        );
        return kv;
      } catch (err) {
        if (isStorageError(err, StorageErrorCode.KeyExists) && err.key === tombstone) continue;
        throw err;
      }
    }
    throw newInternalError(`no free logical cluster id for workspace ${JSON.stringify(obj.metadata.name ?? '')} after ${MAX_CLUSTER_ID_ATTEMPTS} attempts`);
  }

  /**
   * The workspace path of the cluster the Workspace is created in (its parent): from the request when it knows it,
   * else from the parent's LogicalCluster (a privileged client addressing the cluster by id). 404 when the cluster
   * has no LogicalCluster, 403 while its status has no path yet, as resolving that cluster would answer.
   */
  private async parentPath(scope: RequestScope): Promise<string> {
    if (scope.workspacePath) return scope.workspacePath;
    if (scope.cluster === ROOT_CLUSTER) return ROOT_CLUSTER;
    let lc: LogicalClusterRecord | undefined;
    try {
      lc = await this.lookup.logicalCluster(scope.cluster, scope.signal);
    } catch (err) {
      throw toStatusError(err, { resource: LOGICAL_CLUSTERS, name: 'cluster', operation: 'get' });
    }
    if (!lc) throw workspaceNotFound(scope.cluster);
    if (!lc.path) throw workspaceNotReady(scope.cluster, lc.phase);
    return lc.path;
  }

  override async update(scope: RequestScope, name: string, input: KubeObject, opts?: WriteOptions): Promise<KubeObject> {
    const updated = await super.update(scope, name, input, opts);
    if (workspaceStatus(updated).phase !== 'Ready' || updated.metadata.deletionTimestamp) this.forget(updated);
    return updated;
  }

  override async deleteObject(scope: RequestScope, name: string, opts: DeleteOptions = {}): Promise<DeleteOutcome> {
    const outcome = await super.deleteObject(scope, name, opts);
    if (!outcome.deleted && !opts.dryRun) this.forget(outcome.result as KubeObject);
    return outcome;
  }

  /** A Workspace its finalizer holds is Terminating from the very write that marks it deleted. */
  protected override prepareDeletionMark(next: KubeObject): void {
    next['status'] = { ...workspaceStatus(next), phase: 'Terminating' };
  }
}
