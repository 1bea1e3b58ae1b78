import { setCondition } from './workspace-conditions';
import type { WorkspaceDeps } from './workspace-deps';
import { CONTINUE, STOP } from './workspace-reconcile-result';
import type { ReconcileStep } from './workspace-reconcile-result';
import { WORKSPACE_FINALIZER } from './workspace-types';
import type { Workspace } from './workspace-types';

/** How soon a parent looks again while its children are being deleted (their deletion also wakes it up). */
export const CHILDREN_POLL_MS = 2_000;

/**
 * Deletion, for a Workspace with deletionTimestamp and our finalizer: phase Terminating; delete the child
 * Workspaces and wait until they are gone; purge every key of the logical cluster with one DeletePrefix per
 * resource prefix (the LogicalCluster's last, so until then the cluster stays addressable by id and a retry can
 * rediscover it); set WorkspaceContentDeleted; drop the finalizer (the controller's write then lets the apiserver
 * delete the object). Every step is repeatable: after a crash anywhere, the next pass continues where it stopped.
 */
export async function reconcileDeletion(ws: Workspace, deps: WorkspaceDeps, signal: AbortSignal): Promise<ReconcileStep> {
  if (!ws.metadata.deletionTimestamp) return CONTINUE;
  const finalizers = ws.metadata.finalizers ?? [];
  if (!finalizers.includes(WORKSPACE_FINALIZER)) return STOP;
  ws.status = { ...ws.status, phase: 'Terminating' };
  setCondition(ws, deps.now(), { type: 'Ready', status: 'False', reason: 'Deleting', message: 'the workspace is being deleted' });
  const id = ws.spec?.cluster;
  if (id) {
    const children = await deps.listChildren(id, signal);
    if (children && children.length > 0) {
      for (const child of children) {
        if (!child.metadata.deletionTimestamp) await deps.deleteWorkspace(id, child.metadata.name, signal);
      }
      setCondition(ws, deps.now(), {
        type: 'WorkspaceContentDeleted',
        status: 'False',
        reason: 'ChildWorkspacesRemaining',
        message: `waiting for ${children.length} child workspace(s) to be deleted`,
      });
      return { status: 'requeue', afterMs: CHILDREN_POLL_MS };
    }
    // Every prefix but the LogicalCluster's at once (they are independent DeleteRanges), then that one last, so a
    // retry after a failure can still address the cluster and rediscover what is left.
    const prefixes = await deps.resourcePrefixes(id, signal);
    const last = prefixes.pop();
    await Promise.all(prefixes.map((prefix) => deps.deletePrefix(prefix, signal)));
    if (last !== undefined) await deps.deletePrefix(last, signal);
    setCondition(ws, deps.now(), { type: 'WorkspaceContentDeleted', status: 'True', reason: 'ContentDeleted' });
  }
  ws.metadata.finalizers = finalizers.filter((f) => f !== WORKSPACE_FINALIZER);
  return STOP;
}
