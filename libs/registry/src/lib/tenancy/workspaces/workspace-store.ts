import type { KubeObject } from '@strata/apimachinery';
import { GenericStore } from '../../store';
import type { GenericStoreOptions, RequestScope, RequestUser, WriteOptions } from '../../store';
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

/**
 * The generic store for workspaces (and workspaces/status): a create records the requesting user in the
 * `tenancy.strata.dev/owner` annotation (a client-supplied value is never kept); deletes, and updates that leave a
 * Workspace not Ready, make the cluster resolver forget it.
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
}
