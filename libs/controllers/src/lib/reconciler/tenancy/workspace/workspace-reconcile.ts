import type { WorkspaceDeps } from './workspace-deps';
import { passScopedDeps } from './workspace-pass-deps';
import { reconcileDeletion } from './workspace-reconcile-deletion';
import { reconcileInitializing } from './workspace-reconcile-initializing';
import { reconcilePhase } from './workspace-reconcile-phase';
import type { ReconcileStep } from './workspace-reconcile-result';
import { reconcileScheduling } from './workspace-reconcile-scheduling';
import type { Workspace, WorkspaceRef } from './workspace-types';
import type { WorkspaceWriter } from './workspace-writer';

/** The outcome of one pass: the edited copy and whether to look again. */
export interface WorkspaceReconcileOutcome {
  readonly workspace: Workspace;
  /**
   * The Workspace as stored now: the input, or what a `persist` step wrote during the pass (its metadata and spec,
   * the input's status, the new resourceVersion), or what a `stored` step's Txn wrote (all of it). The caller
   * writes the difference between it and `workspace`.
   */
  readonly stored: Workspace;
  readonly requeue: boolean;
  readonly requeueAfterMs?: number;
  /** The pass deleted the Workspace itself (with the last of its content): there is nothing to write. */
  readonly gone?: boolean;
}

/**
 * One reconcile pass of a Workspace (kcp's shape): deletion, scheduling, initializing, phase, in that order, each
 * editing a deep copy and returning continue / stop / requeue / persist / stored / gone. The input is never
 * mutated; the caller writes what differs from `stored`. With `write`, a `persist` step stores metadata and spec
 * mid-pass (a Workspace without an id gets one before anything is created under it); without it, `persist` ends
 * the pass like a requeue. A step may also store the whole Workspace in its own Txn (`stored`: a new workspace's
 * content and its Ready status in one revision, so the caller has nothing left to write) or delete it (`gone`:
 * the purge's Txn). Rejects with the first failing step's (or persist write's) error; nothing after it is written.
 */
export async function reconcileWorkspace(
  ref: WorkspaceRef,
  input: Workspace,
  allDeps: WorkspaceDeps,
  signal: AbortSignal,
  write?: WorkspaceWriter,
): Promise<WorkspaceReconcileOutcome> {
  const ws = structuredClone(input);
  const deps = passScopedDeps(allDeps);
  let stored = input;
  const steps: (() => Promise<ReconcileStep>)[] = [
    () => reconcileDeletion(ref, ws, deps, signal),
    () => reconcileScheduling(ref, ws, deps, signal),
    () => reconcileInitializing(ref, ws, deps, signal),
    () => reconcilePhase(ws, deps, signal),
  ];
  for (const step of steps) {
    signal.throwIfAborted();
    const result = await step();
    if (result.status === 'stop') break;
    if (result.status === 'gone') return { workspace: ws, stored: ws, requeue: false, gone: true };
    if (result.status === 'stored') {
      ws.metadata.resourceVersion = result.resourceVersion;
      stored = structuredClone(ws);
      continue;
    }
    if (result.status === 'requeue') return { workspace: ws, stored, requeue: true, requeueAfterMs: result.afterMs };
    if (result.status === 'persist') {
      if (!write) return { workspace: ws, stored, requeue: true };
      // Status waits for the end of the pass: a persist writes only what is outside it.
      const next = structuredClone({ ...ws, status: stored.status });
      const res = await write(ref, stored, next, signal);
      if (res.resourceVersion) next.metadata.resourceVersion = ws.metadata.resourceVersion = res.resourceVersion;
      // The write's own metadata (its managedFields entry, a generation bump): a later step storing the Workspace
      // whole must not write back the metadata this pass read.
      if (res.metadata) next.metadata = structuredClone(ws.metadata = { ...res.metadata, annotations: ws.metadata.annotations });
      stored = next;
    }
  }
  return { workspace: ws, stored, requeue: false };
}
