import { setCondition } from './workspace-conditions';
import type { WorkspaceDeps } from './workspace-deps';
import { CONTINUE, PERSIST } from './workspace-reconcile-result';
import type { ReconcileStep } from './workspace-reconcile-result';
import type { Workspace, WorkspaceRef } from './workspace-types';

/** Reservation attempts before giving up (each collision of a ~72-bit random id is astronomically unlikely). */
const MAX_ID_ATTEMPTS = 8;

/** Raised when no parent path or no free id could be found; the controller retries with backoff. */
export class SchedulingError extends Error {
  override readonly name = 'SchedulingError';
}

/**
 * Scheduling: a Workspace without spec.cluster gets a new logical cluster id (reserved by its tombstone first, so
 * it is never handed out twice), spec.URL from its parent's path, phase Initializing and WorkspaceScheduled. It
 * then asks for its spec to be persisted before the pass goes on, so the id is stored before anything is created
 * under it: a crash before that write leaves only an unused tombstone. The phase and condition are written with
 * the rest of the pass's status at its end, so a Workspace usually goes from Scheduling to Ready in one status
 * write (Initializing is stored only when a pass stops before Ready). A Workspace whose spec was written but
 * whose status was not (a crash in between) gets its phase and condition here too.
 */
export async function reconcileScheduling(ref: WorkspaceRef, ws: Workspace, deps: WorkspaceDeps, signal: AbortSignal): Promise<ReconcileStep> {
  if (ws.metadata.deletionTimestamp) return CONTINUE;
  const spec = (ws.spec ??= {});
  if (!spec.cluster) {
    const parentPath = await deps.pathOfCluster(ref.parentCluster, signal);
    if (!parentPath) throw new SchedulingError(`parent logical cluster ${ref.parentCluster} of workspace ${ref.name} not found`);
    let id: string | undefined;
    for (let i = 0; i < MAX_ID_ATTEMPTS && !id; i++) {
      const candidate = deps.newClusterId();
      if (await deps.reserveClusterId(candidate, signal)) id = candidate;
    }
    if (!id) throw new SchedulingError(`no free logical cluster id after ${MAX_ID_ATTEMPTS} attempts`);
    spec.cluster = id;
    spec.URL = `${deps.externalUrl}/clusters/${parentPath}:${ws.metadata.name}`;
    scheduled(ws, deps);
    return PERSIST;
  }
  scheduled(ws, deps);
  return CONTINUE;
}

/** Phase Initializing and WorkspaceScheduled for a Workspace that has an id but still says Scheduling. */
function scheduled(ws: Workspace, deps: WorkspaceDeps): void {
  const status = (ws.status ??= {});
  if (status.phase && status.phase !== 'Scheduling') return;
  status.phase = 'Initializing';
  // No message: the id it would name is spec.cluster already (bytes in every stored Workspace).
  setCondition(ws, deps.now(), { type: 'WorkspaceScheduled', status: 'True', reason: 'Scheduled' });
}
