import { MAX_DELETE_PREFIXES } from '@strata/storage';
import { tenancyPrefixes } from './workspace-api-deps';
import { setCondition } from './workspace-conditions';
import type { WorkspaceDeps } from './workspace-deps';
import { CONTINUE, STOP } from './workspace-reconcile-result';
import type { ReconcileStep } from './workspace-reconcile-result';
import { WORKSPACE_FINALIZER } from './workspace-types';
import type { Workspace } from './workspace-types';

/** How soon a parent looks again while its children are being deleted (their deletion also wakes it up). */
export const CHILDREN_POLL_MS = 2_000;

/** DELETEs of child Workspaces in flight at once: a parent with thousands of children does not flood the apiserver. */
export const CHILD_DELETES_IN_FLIGHT = 16;

/**
 * Deletion, for a Workspace with deletionTimestamp and our finalizer: phase Terminating; delete the child
 * Workspaces and wait until they are gone; purge every key of the logical cluster (see {@link purge}); set
 * WorkspaceContentDeleted; drop the finalizer (the controller's write then lets the apiserver delete the object).
 * Every step is repeatable: after a crash anywhere, the next pass continues where it stopped.
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
    // A child created after that look (its parent was not yet Terminating where it was admitted) must not be purged
    // with the parent's content, leaking its own logical cluster: every purge Txn requires the children prefix to be
    // empty, and a Conflict retries the pass, which then deletes the child first.
    await purge(await deps.resourcePrefixes(id, signal), [tenancyPrefixes(id).workspaces], deps, signal);
    setCondition(ws, deps.now(), { type: 'WorkspaceContentDeleted', status: 'True', reason: 'ContentDeleted' });
  }
  ws.metadata.finalizers = finalizers.filter((f) => f !== WORKSPACE_FINALIZER);
  return STOP;
}

/**
 * Deletes every key under `prefixes` (the LogicalCluster's last) as one DeletePrefixes: one etcd Txn, so the purge
 * either happened whole or not at all and a retry after a crash rediscovers and purges the same prefixes. Over
 * MAX_DELETE_PREFIXES (etcd's --max-txn-ops) it takes several Txns: the others first, the LogicalCluster's alone
 * last, so until then the cluster stays addressable by id and a retry still finds what is left.
 */
async function purge(prefixes: string[], requireEmpty: readonly string[], deps: WorkspaceDeps, signal: AbortSignal): Promise<void> {
  if (prefixes.length <= MAX_DELETE_PREFIXES) {
    await deps.deletePrefixes(prefixes, signal, requireEmpty);
    return;
  }
  const last = prefixes.slice(-1);
  const others = prefixes.slice(0, -1);
  for (let i = 0; i < others.length; i += MAX_DELETE_PREFIXES) await deps.deletePrefixes(others.slice(i, i + MAX_DELETE_PREFIXES), signal, requireEmpty);
  await deps.deletePrefixes(last, signal, requireEmpty);
}
