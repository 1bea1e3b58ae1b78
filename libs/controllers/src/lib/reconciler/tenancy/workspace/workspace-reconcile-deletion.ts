import { MAX_DELETE_PREFIXES, StorageErrorCode, isStorageError } from '@strata/storage';
import type { ConditionalKey } from '@strata/storage';
import { tenancyPrefixes, workspaceKey } from './workspace-api-deps';
import { setCondition } from './workspace-conditions';
import type { WorkspaceDeps } from './workspace-deps';
import { CONTINUE, GONE, STOP } from './workspace-reconcile-result';
import type { ReconcileStep } from './workspace-reconcile-result';
import { WORKSPACE_FINALIZER } from './workspace-types';
import type { Workspace, WorkspaceRef } from './workspace-types';

/** How soon a parent looks again while its children are being deleted (their deletion also wakes it up). */
export const CHILDREN_POLL_MS = 2_000;

/** DELETEs of child Workspaces in flight at once: a parent with thousands of children does not flood the apiserver. */
export const CHILD_DELETES_IN_FLIGHT = 16;

/**
 * Deletion, for a Workspace with deletionTimestamp and our finalizer: phase Terminating; purge every key of the
 * logical cluster (see {@link purge}) in a Txn that requires the cluster to hold no child Workspace; when it holds
 * some, delete them and wait until they are gone (their deletion wakes this one up). When our finalizer is the last
 * one, the purge's Txn deletes the Workspace itself too (conditional on the resourceVersion this pass read) — what
 * the apiserver does when an update removes an object's last finalizer, without the update: one write per
 * workspace instead of two. With other finalizers left, it sets WorkspaceContentDeleted and drops ours through the
 * API. Every step is repeatable: after a crash anywhere, the next pass continues where it stopped.
 */
export async function reconcileDeletion(ref: WorkspaceRef, ws: Workspace, deps: WorkspaceDeps, signal: AbortSignal): Promise<ReconcileStep> {
  if (!ws.metadata.deletionTimestamp) return CONTINUE;
  const finalizers = ws.metadata.finalizers ?? [];
  if (!finalizers.includes(WORKSPACE_FINALIZER)) return STOP;
  ws.status = { ...ws.status, phase: 'Terminating' };
  setCondition(ws, deps.now(), { type: 'Ready', status: 'False', reason: 'Deleting', message: 'the workspace is being deleted' });
  const id = ws.spec?.cluster;
  const readRevision = Number(ws.metadata.resourceVersion);
  const self = finalizers.length === 1 && readRevision > 0 ? [{ key: workspaceKey(ref), expectedModRevision: readRevision }] : [];
  if (id) {
    // Most workspaces being deleted are leaves: the purge is tried first, and its guard — the children prefix must
    // be empty in the same Txn, so a child created after any look is never purged with its parent's content,
    // leaking its own logical cluster — tells the others apart; they list and delete their children.
    try {
      await purge(await deps.resourcePrefixes(id, signal), [tenancyPrefixes(id).workspaces], self, deps, signal);
    } catch (err) {
      if (!isStorageError(err) || err.code !== StorageErrorCode.Conflict) throw err;
      const children = await deps.listChildren(id, signal);
      // No child: the Workspace itself changed since this pass read it; the pass is retried on the new version.
      if (!children || children.length === 0) throw err;
      const live = children.filter((child) => !child.metadata.deletionTimestamp);
      for (let i = 0; i < live.length; i += CHILD_DELETES_IN_FLIGHT) {
        await Promise.all(live.slice(i, i + CHILD_DELETES_IN_FLIGHT).map((child) => deps.deleteWorkspace(id, child.metadata.name, signal)));
      }
      setCondition(ws, deps.now(), {
        type: 'WorkspaceContentDeleted',
        status: 'False',
        reason: 'ChildWorkspacesRemaining',
        // No count in the message: each child's deletion wakes the parent, and a changing count cost one status
        // write per pass.
        message: 'waiting for the child workspaces to be deleted',
      });
      return { status: 'requeue', afterMs: CHILDREN_POLL_MS };
    }
    if (self.length > 0) return GONE;
    setCondition(ws, deps.now(), { type: 'WorkspaceContentDeleted', status: 'True', reason: 'ContentDeleted' });
  }
  ws.metadata.finalizers = finalizers.filter((f) => f !== WORKSPACE_FINALIZER);
  return STOP;
}

/**
 * Deletes every key under `prefixes` (the LogicalCluster's last) as one DeletePrefixes, with `deleteKeys`: one etcd
 * Txn, so the purge either happened whole or not at all and a retry after a crash rediscovers and purges the same
 * prefixes. Over MAX_DELETE_PREFIXES operations (etcd's --max-txn-ops) it takes several Txns: the others first, the
 * LogicalCluster's alone (with `deleteKeys`) last, so until then the cluster stays addressable by id and a retry
 * still finds what is left.
 */
async function purge(prefixes: string[], requireEmpty: readonly string[], deleteKeys: readonly ConditionalKey[], deps: WorkspaceDeps, signal: AbortSignal): Promise<void> {
  if (prefixes.length + deleteKeys.length <= MAX_DELETE_PREFIXES) {
    await deps.deletePrefixes(prefixes, signal, requireEmpty, deleteKeys);
    return;
  }
  const last = prefixes.slice(-1);
  const others = prefixes.slice(0, -1);
  for (let i = 0; i < others.length; i += MAX_DELETE_PREFIXES) await deps.deletePrefixes(others.slice(i, i + MAX_DELETE_PREFIXES), signal, requireEmpty);
  await deps.deletePrefixes(last, signal, requireEmpty, deleteKeys);
}
