import { newForbidden } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import type { DeleteOptions } from '../../deletion';
import { isPrivilegedUser } from '../../clusters/privileged-user';
import { GenericStore } from '../../store';
import type { DeleteOutcome, RequestScope, WriteOptions } from '../../store';

/**
 * The store of LogicalClusters: everyone who reaches the workspace may read its `cluster` object, but only
 * privileged users (the workspace-controller, `system:masters`) may create, update or delete it, so a tenant
 * can never rewrite its own owner, path or phase. Refusals are kube's RBAC 403 wording.
 */
export class LogicalClusterStore extends GenericStore {
  private check(scope: RequestScope, verb: string, name: string): void {
    if (isPrivilegedUser(scope.user)) return;
    const { group, plural } = this.resource.info;
    throw newForbidden(
      { group, resource: plural },
      name,
      `User ${JSON.stringify(scope.user?.username ?? '')} cannot ${verb} resource ${JSON.stringify(plural)} in API group ${JSON.stringify(group)} at the cluster scope`,
    );
  }

  override async create(scope: RequestScope, input: KubeObject, opts?: WriteOptions): Promise<KubeObject> {
    this.check(scope, 'create', input.metadata?.name ?? '');
    return super.create(scope, input, opts);
  }

  override async update(scope: RequestScope, name: string, input: KubeObject, opts?: WriteOptions): Promise<KubeObject> {
    this.check(scope, 'update', name);
    return super.update(scope, name, input, opts);
  }

  override async deleteObject(scope: RequestScope, name: string, opts?: DeleteOptions): Promise<DeleteOutcome> {
    this.check(scope, 'delete', name);
    return super.deleteObject(scope, name, opts);
  }
}
