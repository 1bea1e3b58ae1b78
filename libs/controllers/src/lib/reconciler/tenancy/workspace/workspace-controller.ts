import type { Registry } from 'prom-client';
import type { Logger } from '@strata/runtime';
import { Informer } from '../../../informer/informer';
import type { ListWatcher } from '../../../informer/list-watcher';
import { WorkQueue, runWorkers } from '../../../workqueue/work-queue';
import type { Clock } from '../../../workqueue/clock';
import type { WorkspaceDeps } from './workspace-deps';
import { WorkspaceMetrics } from './workspace-metrics';
import { reconcileWorkspace } from './workspace-reconcile';
import type { WorkspaceWriter } from './workspace-writer';
import { CLUSTER_ANNOTATION, workspacePathOf } from './workspace-types';
import type { Workspace, WorkspaceRef } from './workspace-types';

/** Options of {@link WorkspaceController}. */
export interface WorkspaceControllerOptions {
  /** Lists and watches Workspaces across all workspaces (`/clusters/*`); items carry {@link CLUSTER_ANNOTATION}. */
  readonly listWatcher: ListWatcher<Workspace>;
  readonly deps: WorkspaceDeps;
  readonly write: WorkspaceWriter;
  /** Parallel workers (default 4); one key is never processed by two at once. */
  readonly workers?: number;
  /** How often every known Workspace is queued again (level-triggered safety net; default 5 min). */
  readonly resyncMs?: number;
  readonly registry?: Registry;
  readonly logger?: Logger;
  readonly clock?: Clock;
}

/** The controller's name: the fixed `controller` and queue `name` label value. */
export const WORKSPACE_CONTROLLER_NAME = 'workspace';

/** Bound on remembered write resourceVersions (one per workspace being worked on). */
const MAX_WRITTEN = 100_000;

/**
 * The informer keeps every Workspace; managedFields are the largest part of one. The controller's writes through
 * the API omit them (the apiserver then keeps the stored ones), but the Txn that provisions a new workspace stores
 * the Workspace whole, so they are kept until it is Ready (or deleting) and dropped from then on.
 */
function withoutManagedFields(ws: Workspace): Workspace {
  const provisioning = !ws.metadata.deletionTimestamp && ws.status?.phase !== 'Ready' && ws.status?.phase !== 'Terminating';
  if (provisioning || !('managedFields' in ws.metadata)) return ws;
  const { managedFields: _dropped, ...metadata } = ws.metadata;
  return { ...ws, metadata };
}

function refOf(key: string): WorkspaceRef {
  const i = key.indexOf('/');
  return { parentCluster: key.slice(0, i), name: key.slice(i + 1) };
}

/**
 * The workspace controller: an informer of every Workspace feeds a rate-limited work queue; workers run
 * {@link reconcileWorkspace} on a copy of the cached object and write what changed. Failures are retried with
 * per-key exponential backoff (logged here). A child's deletion wakes its parent. A key whose cached object is
 * older than this controller's last write of it waits for the write's watch event instead of working on stale
 * data. `run(signal)` works until the signal aborts (leadership lost, or shutdown), then tears everything down;
 * it can be called again for the next leadership term.
 */
export class WorkspaceController {
  private readonly metrics: WorkspaceMetrics | undefined;
  private informer: Informer<Workspace> | undefined;

  constructor(private readonly opts: WorkspaceControllerOptions) {
    this.metrics = opts.registry ? new WorkspaceMetrics(opts.registry) : undefined;
  }

  /** True while running, once this term's informer has listed every Workspace. */
  hasSynced(): boolean {
    return this.informer?.hasSynced() ?? false;
  }

  /** Runs until `signal` aborts; resolves when every worker stopped. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    const { logger } = this.opts;
    const queue = new WorkQueue({ name: WORKSPACE_CONTROLLER_NAME, registry: this.opts.registry, clock: this.opts.clock });
    const byCluster = new Map<string, string>();
    const written = new Map<string, number>();
    const keyOf = (ws: Workspace) => `${ws.metadata.annotations?.[CLUSTER_ANNOTATION] ?? ''}/${ws.metadata.name}`;
    const informer = new Informer<Workspace>({
      listWatcher: this.opts.listWatcher,
      keyOf,
      logger,
      transform: withoutManagedFields,
      handlers: {
        onAdd: (ws) => {
          this.metrics?.move(undefined, ws.status?.phase);
          if (ws.spec?.cluster) byCluster.set(ws.spec.cluster, keyOf(ws));
          queue.add(keyOf(ws));
        },
        onUpdate: (old, ws) => {
          this.metrics?.move(old.status?.phase, ws.status?.phase);
          if (ws.spec?.cluster) byCluster.set(ws.spec.cluster, keyOf(ws));
          queue.add(keyOf(ws));
        },
        onDelete: (ws) => {
          this.metrics?.move(ws.status?.phase, undefined);
          if (ws.spec?.cluster) byCluster.delete(ws.spec.cluster);
          written.delete(keyOf(ws));
          const parent = byCluster.get(ws.metadata.annotations?.[CLUSTER_ANNOTATION] ?? '');
          if (parent) queue.add(parent);
        },
      },
    });

    // A child's scheduling needs its parent's path: a Ready parent's is in this informer (its spec.URL, which its
    // LogicalCluster's status.path was written from), so nested workspaces are scheduled without reading the
    // parent's LogicalCluster; any other parent (not seen yet, not Ready) is read as before.
    const deps: WorkspaceDeps = Object.assign(Object.create(this.opts.deps) as WorkspaceDeps, {
      pathOfCluster: (clusterId: string, pathSignal: AbortSignal) => {
        const parentKey = byCluster.get(clusterId);
        const parent = parentKey === undefined ? undefined : informer.get(parentKey);
        const path = parent?.status?.phase === 'Ready' && parent.spec?.cluster === clusterId ? workspacePathOf(parent) : undefined;
        return path ? Promise.resolve(path) : this.opts.deps.pathOfCluster(clusterId, pathSignal);
      },
    });

    const process = async (key: string) => {
      const cached = informer.get(key);
      if (!cached) {
        queue.forget(key);
        return;
      }
      const lastWrite = written.get(key);
      if (lastWrite !== undefined && Number(cached.metadata.resourceVersion) < lastWrite) return;
      const ref = refOf(key);
      const end = this.metrics?.duration.startTimer({ controller: WORKSPACE_CONTROLLER_NAME });
      try {
        const outcome = await reconcileWorkspace(ref, cached, deps, signal, this.opts.write);
        if (outcome.gone) {
          // Deleted with its purge: its watch event removes it from the informer and wakes its parent.
          queue.forget(key);
          return;
        }
        const result = await this.opts.write(ref, outcome.stored, outcome.workspace, signal);
        const resourceVersion = result.resourceVersion ?? (outcome.stored === cached ? undefined : outcome.stored.metadata.resourceVersion);
        if (resourceVersion) {
          if (written.size >= MAX_WRITTEN && !written.has(key)) written.delete(written.keys().next().value ?? '');
          written.set(key, Number(resourceVersion));
        }
        queue.forget(key);
        // A write brings its own watch event; only a wait with nothing written needs the queue to come back.
        const wrote = result.wrote || outcome.stored !== cached;
        if (outcome.requeue && (outcome.requeueAfterMs !== undefined || !wrote)) queue.addAfter(key, outcome.requeueAfterMs ?? 1_000);
      } catch (err) {
        if (signal.aborted) return;
        this.metrics?.errors.inc({ controller: WORKSPACE_CONTROLLER_NAME });
        queue.addRateLimited(key);
        logger?.warn({ workspace: key, err: err instanceof Error ? err.message : String(err), retries: queue.numRequeues(key) }, 'workspace reconcile failed');
      } finally {
        end?.();
      }
    };

    const resync = setInterval(() => {
      for (const key of informer.keys()) queue.add(key);
    }, this.opts.resyncMs ?? 300_000);
    resync.unref();
    this.informer = informer;
    informer.start();
    const workers = runWorkers(queue, this.opts.workers ?? 4, signal, process);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    clearInterval(resync);
    queue.shutDown();
    await workers;
    await informer.stop();
    if (this.informer === informer) this.informer = undefined;
    this.metrics?.reset();
    logger?.info({ controller: WORKSPACE_CONTROLLER_NAME }, 'workspace controller stopped');
  }
}
