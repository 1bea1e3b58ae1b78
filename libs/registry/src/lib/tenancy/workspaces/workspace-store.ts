import { isStatusError } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import type { KeyValue } from '@strata/storage';
import { decodeObject } from '../../codec';
import type { DeleteOptions } from '../../deletion';
import { objectKey } from '../../keys';
import { GenericStore } from '../../store';
import type { DeleteOutcome, GenericStoreOptions, RequestScope, RequestUser, WriteOptions } from '../../store';
import { WORKSPACE_OWNER_ANNOTATION, workspaceSpec, workspaceStatus } from './workspace-types';
import type { WorkspaceOwner } from './workspace-types';

/** Dependencies of a {@link WorkspaceStore}. */
export interface WorkspaceStoreOptions extends GenericStoreOptions {
  /**
   * Told the logical cluster id of a Workspace that was deleted or left phase Ready through this server, so
   * cached resolutions of it end now instead of at their TTL.
   */
  readonly forgetCluster?: (clusterId: string) => void;
}

/** The owner annotation's value for `user` (kcp's JSON of user.Info). */
export function ownerAnnotation(user: RequestUser): string {
  const owner: WorkspaceOwner = { username: user.username, groups: [...user.groups] };
  if (user.uid) owner.uid = user.uid;
  return JSON.stringify({ username: owner.username, ...(owner.uid ? { uid: owner.uid } : {}), groups: owner.groups });
}

// Lost races while marking a deleted Workspace Terminating; each loss means someone else wrote it.
const MAX_TERMINATING_ATTEMPTS = 8;

/**
 * The generic store for workspaces (and workspaces/status): a create records the requesting user in the
 * `tenancy.strata.dev/owner` annotation (a client-supplied value is never kept); a DELETE that the finalizer
 * holds also sets status.phase Terminating (the workspace-controller purges, then drops the finalizer); deletes,
 * and updates that leave a Workspace not Ready, make the cluster resolver forget it at once.
 */
export class WorkspaceStore extends GenericStore {
  private readonly forgetCluster?: (clusterId: string) => void;

  constructor(opts: WorkspaceStoreOptions) {
    super({
      ...opts,
      afterDelete: async (scope, deleted) => {
        this.forget(deleted);
        await opts.afterDelete?.(scope, deleted);
      },
    });
    this.forgetCluster = opts.forgetCluster;
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

  override async update(scope: RequestScope, name: string, input: KubeObject, opts?: WriteOptions): Promise<KubeObject> {
    const updated = await super.update(scope, name, input, opts);
    if (workspaceStatus(updated).phase !== 'Ready' || updated.metadata.deletionTimestamp) this.forget(updated);
    return updated;
  }

  override async deleteObject(scope: RequestScope, name: string, opts: DeleteOptions = {}): Promise<DeleteOutcome> {
    const outcome = await super.deleteObject(scope, name, opts);
    if (outcome.deleted || opts.dryRun) return outcome;
    const held = outcome.result as KubeObject;
    this.forget(held);
    if (workspaceStatus(held).phase === 'Terminating') return outcome;
    return { result: await this.markTerminating(scope, name, held), deleted: false };
  }

  // The deletion mark and the phase are two writes: GenericStore.deleteObject has no hook between them. A reader
  // in between sees deletionTimestamp, which resolution already treats as Terminating.
  private async markTerminating(scope: RequestScope, name: string, fallback: KubeObject): Promise<KubeObject> {
    const key = objectKey(this.resource.info, scope.cluster, undefined, name);
    for (let attempt = 0; attempt < MAX_TERMINATING_ATTEMPTS; attempt++) {
      let read: KeyValue;
      try {
        read = await this.readCurrent(scope, name, 'delete');
      } catch (err) {
        if (isStatusError(err, 'NotFound')) return fallback;
        throw err;
      }
      const current = decodeObject(read);
      if (!current.metadata.deletionTimestamp || workspaceStatus(current).phase === 'Terminating') return current;
      const next = structuredClone(current);
      next['status'] = { ...workspaceStatus(current), phase: 'Terminating' };
      const written = await this.writeIfUnchanged(scope, key, name, next, read.modRevision, 'delete');
      if (written.succeeded) return decodeObject(written.kv);
    }
    return fallback;
  }
}
