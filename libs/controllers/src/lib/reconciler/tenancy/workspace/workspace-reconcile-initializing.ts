import { isConditionTrue, setCondition } from './workspace-conditions';
import type { WorkspaceDeps } from './workspace-deps';
import { CONTINUE } from './workspace-reconcile-result';
import type { ReconcileStep } from './workspace-reconcile-result';
import { DEFAULT_NAMESPACE, logicalClusterBody, workspaceAdminBinding, workspaceBootstrap } from './workspace-bootstrap';
import { workspaceOwner, workspacePathOf } from './workspace-types';
import type { Workspace, WorkspaceRef } from './workspace-types';

/** Raised when the id's LogicalCluster belongs to another Workspace (never expected: ids are reserved). */
export class LogicalClusterOwnerError extends Error {
  override readonly name = 'LogicalClusterOwnerError';
}

/**
 * Initializing: creates the workspace's LogicalCluster (owner, path, URL), its `default` namespace and a binding
 * making the creator (the owner annotation) cluster-admin, then sets WorkspaceInitialized. A new workspace gets all
 * three in one storage Txn (createAll: one round trip, one etcd revision, the LogicalCluster born Ready), exactly
 * as the apiserver would have stored them. When any of them exists already — a pass repeated after a crash, an id
 * whose LogicalCluster belongs to another Workspace, objects an older controller created one by one — the Txn
 * writes nothing and the step takes the per-object path: the LogicalCluster first (so an id that belongs to another
 * Workspace is refused before anything is written into it), its status fixed if needed, then each object
 * create-if-absent through the API. Either way a pass interrupted anywhere converges when repeated.
 */
export async function reconcileInitializing(ref: WorkspaceRef, ws: Workspace, deps: WorkspaceDeps, signal: AbortSignal): Promise<ReconcileStep> {
  const id = ws.spec?.cluster;
  if (ws.metadata.deletionTimestamp || !id || ws.status?.phase !== 'Initializing' || isConditionTrue(ws, 'WorkspaceInitialized')) return CONTINUE;
  const path = workspacePathOf(ws) ?? '';
  if (!(await deps.createAll(id, workspaceBootstrap(id, ref, ws, path, deps.now()), signal))) await initializeOneByOne(ref, ws, id, path, deps, signal);
  setCondition(ws, deps.now(), { type: 'WorkspaceInitialized', status: 'True', reason: 'Initialized' });
  return CONTINUE;
}

/** The per-object path of {@link reconcileInitializing}, for a workspace some of whose objects exist already. */
async function initializeOneByOne(ref: WorkspaceRef, ws: Workspace, id: string, path: string, deps: WorkspaceDeps, signal: AbortSignal): Promise<void> {
  // Create first and read only when it already exists: one request instead of two, usually.
  if (!(await deps.createLogicalCluster(id, logicalClusterBody(ref, ws, path, 'Initializing'), signal))) {
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
  await deps.ensureObject(id, '/api/v1/namespaces', DEFAULT_NAMESPACE, signal);
  const owner = workspaceOwner(ws);
  if (owner) await deps.ensureObject(id, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', workspaceAdminBinding(owner.username), signal);
}
