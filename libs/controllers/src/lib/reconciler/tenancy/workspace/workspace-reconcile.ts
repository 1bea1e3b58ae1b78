import type { WorkspaceDeps } from './workspace-deps';
import { passScopedDeps } from './workspace-pass-deps';
import { reconcileDeletion } from './workspace-reconcile-deletion';
import { reconcileInitializing } from './workspace-reconcile-initializing';
import { reconcilePhase } from './workspace-reconcile-phase';
import type { ReconcileStep } from './workspace-reconcile-result';
import { reconcileScheduling } from './workspace-reconcile-scheduling';
import type { Workspace, WorkspaceRef } from './workspace-types';

/** The outcome of one pass: the edited copy and whether to look again. */
export interface WorkspaceReconcileOutcome {
  readonly workspace: Workspace;
  readonly requeue: boolean;
  readonly requeueAfterMs?: number;
}

/**
 * One reconcile pass of a Workspace (kcp's shape): deletion, scheduling, initializing, phase, in that order, each
 * editing a deep copy and returning continue / stop / requeue. The input is never mutated; the caller writes what
 * differs. Rejects with the first failing step's error (nothing of that pass is written).
 */
export async function reconcileWorkspace(ref: WorkspaceRef, input: Workspace, allDeps: WorkspaceDeps, signal: AbortSignal): Promise<WorkspaceReconcileOutcome> {
  const ws = structuredClone(input);
  const deps = passScopedDeps(allDeps);
  const steps: (() => Promise<ReconcileStep>)[] = [
    () => reconcileDeletion(ws, deps, signal),
    () => reconcileScheduling(ref, ws, deps, signal),
    () => reconcileInitializing(ref, ws, deps, signal),
    () => reconcilePhase(ws, deps, signal),
  ];
  for (const step of steps) {
    signal.throwIfAborted();
    const result = await step();
    if (result.status === 'stop') break;
    if (result.status === 'requeue') return { workspace: ws, requeue: true, requeueAfterMs: result.afterMs };
  }
  return { workspace: ws, requeue: false };
}
