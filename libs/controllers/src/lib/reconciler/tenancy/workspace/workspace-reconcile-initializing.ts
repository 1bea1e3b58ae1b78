import { isConditionTrue, setCondition } from './workspace-conditions';
import type { WorkspaceDeps } from './workspace-deps';
import { CONTINUE } from './workspace-reconcile-result';
import type { ReconcileStep } from './workspace-reconcile-result';
import { CORE_STRATA_API_VERSION, LOGICAL_CLUSTER_NAME, TENANCY_API_VERSION, workspaceOwner, workspacePathOf } from './workspace-types';
import type { LogicalCluster, Workspace, WorkspaceRef } from './workspace-types';

/** Raised when the id's LogicalCluster belongs to another Workspace (never expected: ids are reserved). */
export class LogicalClusterOwnerError extends Error {
  override readonly name = 'LogicalClusterOwnerError';
}

/**
 * kube's "reset managedFields" value: a create or update carrying exactly `[{}]` stores the object without
 * managedFields, its own write included (kube's documented way to strip them; the apiserver implements it in
 * recordUpdate). The controller's bootstrap objects are born with it: nobody applies to them, and the entries
 * (about 200 bytes each) were the bulk of their stored size. A later writer's own entries are recorded as usual.
 */
export const NO_MANAGED_FIELDS: Record<string, unknown>[] = [{}];

/** The role the owner is bound to; see {@link workspaceAdminBinding}. */
export const CLUSTER_ADMIN_ROLE_NAME = 'cluster-admin';

/**
 * The binding that makes `username` admin of the workspace (kcp's workspace-admin). Its roleRef names the
 * bootstrap ClusterRole `cluster-admin`, which is NOT copied into every workspace: like kcp, whose bootstrap policy
 * (cluster-admin and the other kube defaults) lives once in the shared `system:admin` logical cluster and whose
 * bootstrap policy authorizer resolves every workspace's bindings against it, Strata's RBAC evaluation (the
 * authorization layer of the security issue; nothing evaluates RBAC yet) must resolve a roleRef to a bootstrap
 * role from that one shared policy, not from the workspace. A copy per workspace cost a request, an etcd write and
 * 674 bytes per workspace, and would have to be migrated in every workspace whenever the policy changes.
 */
export function workspaceAdminBinding(username: string): Record<string, unknown> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'workspace-admin', managedFields: NO_MANAGED_FIELDS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CLUSTER_ADMIN_ROLE_NAME },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: username }],
  };
}

/**
 * Initializing: writes the workspace's LogicalCluster (owner, path, URL; first, so an id that somehow belongs to
 * another Workspace is refused before anything is written into it), its `default` namespace and a binding making
 * the creator (the owner annotation) cluster-admin, then sets WorkspaceInitialized. Every write is
 * create-if-absent, so a pass interrupted anywhere converges when repeated.
 */
export async function reconcileInitializing(ref: WorkspaceRef, ws: Workspace, deps: WorkspaceDeps, signal: AbortSignal): Promise<ReconcileStep> {
  const id = ws.spec?.cluster;
  if (ws.metadata.deletionTimestamp || !id || ws.status?.phase !== 'Initializing' || isConditionTrue(ws, 'WorkspaceInitialized')) return CONTINUE;
  const path = workspacePathOf(ws) ?? '';
  const lc: LogicalCluster = {
    apiVersion: CORE_STRATA_API_VERSION,
    kind: 'LogicalCluster',
    metadata: { name: LOGICAL_CLUSTER_NAME, managedFields: NO_MANAGED_FIELDS },
    spec: {
      owner: { apiVersion: TENANCY_API_VERSION, resource: 'workspaces', name: ws.metadata.name, cluster: ref.parentCluster, uid: ws.metadata.uid ?? '' },
      initializers: [],
    },
    status: { phase: 'Initializing', path, URL: ws.spec?.URL },
  };
  // Create first and read only when it already exists (a repeated pass): one request instead of two, usually.
  if (!(await deps.createLogicalCluster(id, lc, signal))) {
    const existing = await deps.getLogicalCluster(id, signal);
    // Deleted between the two requests: the next pass (with backoff) starts over.
    if (!existing) throw new Error(`logical cluster ${id} vanished while initializing`);
    const owner = existing.spec?.owner;
    if (owner && (owner.name !== ws.metadata.name || owner.cluster !== ref.parentCluster || (ws.metadata.uid && owner.uid !== ws.metadata.uid))) {
      throw new LogicalClusterOwnerError(`logical cluster ${id} belongs to ${owner.cluster}/${owner.name}, not ${ref.parentCluster}/${ws.metadata.name}`);
    }
    if (existing.status?.path !== path || existing.status?.URL !== ws.spec?.URL || !existing.status?.phase) {
      await deps.updateLogicalClusterStatus(id, { ...existing, status: { phase: 'Initializing', ...existing.status, path, URL: ws.spec?.URL } }, signal);
    }
  }
  await deps.ensureObject(id, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }, signal);
  const owner = workspaceOwner(ws);
  if (owner) await deps.ensureObject(id, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', workspaceAdminBinding(owner.username), signal);
  setCondition(ws, deps.now(), { type: 'WorkspaceInitialized', status: 'True', reason: 'Initialized' });
  return CONTINUE;
}
