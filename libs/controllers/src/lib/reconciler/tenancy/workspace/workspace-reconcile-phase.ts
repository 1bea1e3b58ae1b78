import { isConditionTrue, setCondition } from './workspace-conditions';
import type { WorkspaceDeps } from './workspace-deps';
import { CONTINUE } from './workspace-reconcile-result';
import type { ReconcileStep } from './workspace-reconcile-result';
import type { Workspace } from './workspace-types';

/**
 * Phase: an initialized Workspace becomes Ready (its LogicalCluster's phase first, so a Ready Workspace always has
 * a Ready LogicalCluster; one born Ready in initializing's Txn needs no write, and the pass remembers it, so no
 * read either), with the Ready condition.
 */
export async function reconcilePhase(ws: Workspace, deps: WorkspaceDeps, signal: AbortSignal): Promise<ReconcileStep> {
  const id = ws.spec?.cluster;
  if (ws.metadata.deletionTimestamp || !id) return CONTINUE;
  if (ws.status?.phase === 'Initializing' && isConditionTrue(ws, 'WorkspaceInitialized')) {
    const lc = await deps.getLogicalCluster(id, signal);
    if (!lc) {
      // Initialized but no LogicalCluster: something removed it; initialize again.
      setCondition(ws, deps.now(), { type: 'WorkspaceInitialized', status: 'False', reason: 'LogicalClusterMissing' });
      return { status: 'requeue' };
    }
    if (lc.status?.phase !== 'Ready') await deps.updateLogicalClusterStatus(id, { ...lc, status: { ...lc.status, phase: 'Ready' } }, signal);
    ws.status = { ...ws.status, phase: 'Ready' };
  }
  if (ws.status?.phase === 'Ready') markReady(ws, deps.now());
  return CONTINUE;
}

/** Phase Ready and the Ready condition (unchanged when already there). */
export function markReady(ws: Workspace, now: Date): void {
  ws.status = { ...ws.status, phase: 'Ready' };
  setCondition(ws, now, { type: 'Ready', status: 'True', reason: 'Ready' });
}
