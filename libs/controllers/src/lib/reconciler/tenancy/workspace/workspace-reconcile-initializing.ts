import { isConditionTrue, setCondition } from './workspace-conditions';
import type { WorkspaceDeps } from './workspace-deps';
import { CONTINUE } from './workspace-reconcile-result';
import type { ReconcileStep } from './workspace-reconcile-result';
import { DEFAULT_NAMESPACE, logicalClusterBody, workspaceAdminBinding, workspaceBootstrap } from './workspace-bootstrap';
import type { StoredObject } from './workspace-bootstrap';
import { workspaceKey } from './workspace-api-deps';
import { markReady } from './workspace-reconcile-phase';
import { workspaceStoredForm } from './workspace-writer';
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
 * as the apiserver would have stored them, and the same Txn stores the Workspace itself Initialized and Ready
 * (conditional on the resourceVersion this pass read: a Workspace changed meanwhile fails the Txn with Conflict,
 * nothing is written, and the pass is retried on the new version). So a workspace is provisioned in one write, and
 * there is no moment where the LogicalCluster says Ready and its Workspace does not. The status write bypasses the
 * apiserver like the bootstrap objects do, so it records no managedFields entry of its own; the creator's entries
 * stay (the informer keeps a Workspace's managedFields until it is Ready). When any of the objects exists already —
 * a pass repeated after a crash, an id whose LogicalCluster belongs to another Workspace, objects an older
 * controller created one by one — the Txn writes nothing and the step takes the per-object path: the
 * LogicalCluster first (so an id that belongs to another Workspace is refused before anything is written into it),
 * its status fixed if needed, then each object create-if-absent through the API, and the status is written at the
 * end of the pass. Either way a pass interrupted anywhere converges when repeated.
 */
export async function reconcileInitializing(ref: WorkspaceRef, ws: Workspace, deps: WorkspaceDeps, signal: AbortSignal): Promise<ReconcileStep> {
  const id = ws.spec?.cluster;
  if (ws.metadata.deletionTimestamp || !id || ws.status?.phase !== 'Initializing' || isConditionTrue(ws, 'WorkspaceInitialized')) return CONTINUE;
  const path = workspacePathOf(ws) ?? '';
  const bootstrap = workspaceBootstrap(id, ref, ws, path, deps.now());
  const readRevision = Number(ws.metadata.resourceVersion);
  const ready = structuredClone(ws);
  initialized(ready, deps);
  markReady(ready, deps.now());
  const self = readRevision > 0 ? [{ key: workspaceKey(ref), object: workspaceStoredForm(ready) as StoredObject['object'], expectedModRevision: readRevision }] : [];
  const stored = await deps.createAll(id, [...bootstrap, ...self], signal);
  if (stored && self.length > 0) {
    ws.status = ready.status;
    return { status: 'stored', resourceVersion: String(stored.at(-1)?.metadata['resourceVersion'] ?? '') };
  }
  if (!stored) await initializeOneByOne(ref, ws, id, path, deps, signal);
  initialized(ws, deps);
  return CONTINUE;
}

function initialized(ws: Workspace, deps: WorkspaceDeps): void {
  setCondition(ws, deps.now(), { type: 'WorkspaceInitialized', status: 'True', reason: 'Initialized' });
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
