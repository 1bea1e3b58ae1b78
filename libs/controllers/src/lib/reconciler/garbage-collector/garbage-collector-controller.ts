import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Logger } from '@strata/runtime';
import { ApiError, isApiError } from '../../client/api-error';
import { ApiServerClient } from '../../client/api-server-client';
import type { ApiServerConnection } from '../../client/kubeconfig';
import { createApiListWatcher } from '../../informer/list-watcher';
import type { ListWatcher } from '../../informer/list-watcher';
import type { RawWatchEvent } from '../../informer/watch-stream';
import type { Clock } from '../../workqueue/clock';
import { WorkQueue, runWorkers } from '../../workqueue/work-queue';
import { Backoff } from '../backoff';
import { sleep as realSleep } from '../periodic-reconciler';
import type { Sleep } from '../periodic-reconciler';
import { attemptToDeleteDependent, processDeletingOwner } from './garbage-collection-reconcile';
import { createGarbageCollectorApi, wildcardCollectionPath } from './garbage-collector-api';
import type { GarbageCollectorApi, GcObject, GcResource } from './garbage-collector-api';
import { GcGraph, resourceId } from './gc-graph';
import { BackgroundRun } from '../background-run';

/**
 * How the collector reads one resource across all workspaces. `watchList` (kube's WatchList: the current state as
 * ADDED events, a bookmark annotated `k8s.io/initial-events-end`, then the changes, from the watch cache) is used
 * when present; otherwise a list, then a watch.
 */
export interface GcListWatcher extends ListWatcher<GcObject> {
  watchList?(resourceVersion: string, signal: AbortSignal): AsyncIterable<RawWatchEvent>;
}

/** Options of {@link GarbageCollectorController}. */
export interface GarbageCollectorControllerOptions {
  /** The apiserver, as a privileged identity: the collector watches every resource across all workspaces. */
  readonly connection: ApiServerConnection;
  /** The API of a workspace path ("" = root, "/clusters/<id>"); defaults to the apiserver's. */
  readonly apiFor?: (workspacePath: string) => GarbageCollectorApi;
  /** The reader of one resource across all workspaces; defaults to `/clusters/*` list/watch on the apiserver. */
  readonly listWatcherFor?: (resource: GcResource) => GcListWatcher;
  /** How often root's discovery is read again for resources to start or stop watching (default 30 s). */
  readonly discoveryIntervalMs?: number;
  /**
   * A foreground owner whose dependents are being deleted is woken by their deletion events; it is also looked at
   * again after this long, in case an event was lost to a relist (default 10 s).
   */
  readonly waitingRequeueMs?: number;
  /** Parallel workers (default 2); one item is never processed by two at once. */
  readonly workers?: number;
  /** Dependents plus deleting owners tracked (default 1,000,000); more are refused and counted. */
  readonly maxNodes?: number;
  /** uids remembered as seen alive (default 200,000). */
  readonly maxAlive?: number;
  readonly logger?: Logger;
  readonly registry?: Registry;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
}

/** The work queue's `name` label value (kube's collector calls its queue garbage_collector_attempt_to_delete). */
export const GARBAGE_COLLECTOR_QUEUE = 'garbage_collector_attempt_to_delete';

const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

interface Reflector {
  readonly resource: GcResource;
  readonly controller: AbortController;
  done: Promise<void>;
  synced: boolean;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Read of one object from a watch event: a Kubernetes object with metadata, or undefined. */
function objectOf(event: RawWatchEvent): GcObject | undefined {
  const obj = event.object as Partial<GcObject>;
  return obj && typeof obj.metadata === 'object' && obj.metadata !== null ? (obj as GcObject) : undefined;
}

/**
 * kube's garbage collector as a client of the apiserver, for every workspace. One watch per resource of root's
 * discovery across all workspaces (`/clusters/*`, synced by WatchList) feeds a {@link GcGraph} of dependents and
 * deleting owners; what a change makes dangling goes to a work queue whose workers act in the object's workspace,
 * after looking the owners up live: background deletion of dependents whose owners are all gone, `orphan` and
 * `foregroundDeletion` finalizers. Nothing is listed periodically, so its cost follows the rate of changes, not
 * the number of objects. Resources defined only inside a tenant workspace (its own CRDs) are not watched.
 * start()/stop(); stop waits for the workers and the watches.
 */
export class GarbageCollectorController {
  private readonly background = new BackgroundRun((signal) => this.run(signal));
  private readonly reflectors = new Map<string, Reflector>();
  private discovered = false;

  constructor(private readonly opts: GarbageCollectorControllerOptions) {}

  /** True while running, once discovery answered and every watched resource was listed once. */
  hasSynced(): boolean {
    if (!this.background.isRunning() || !this.discovered) return false;
    for (const r of this.reflectors.values()) if (!r.synced) return false;
    return true;
  }

  /** The resources watched now (ids "<group>/<plural>"), for tests and logs. */
  watchedResources(): string[] {
    return [...this.reflectors.keys()].sort();
  }

  /** Starts the watches and the workers; a second call does nothing. */
  start(): void {
    this.background.start();
  }

  /** Stops and waits until every worker and watch ended. Idempotent. */
  stop(): Promise<void> {
    return this.background.stop();
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { logger, registry } = this.opts;
    const apiServer = new ApiServerClient(this.opts.connection);
    const apiFor = this.opts.apiFor ?? ((path: string) => createGarbageCollectorApi(apiServer, path));
    const listWatcherFor = this.opts.listWatcherFor ?? ((r: GcResource) => createApiListWatcher<GcObject>(apiServer, this.opts.connection, wildcardCollectionPath(r)));
    const sleep = this.opts.sleep ?? realSleep;
    const graph = new GcGraph({ maxNodes: this.opts.maxNodes ?? 1_000_000, maxAlive: this.opts.maxAlive ?? 200_000 });
    const queue = new WorkQueue({ name: GARBAGE_COLLECTOR_QUEUE, registry, clock: this.opts.clock });
    const metrics = registry ? gcMetrics(registry, graph) : undefined;
    const outcomes = metrics?.actions;
    const enqueue = (items: readonly string[]) => {
      for (const item of items) queue.add(item);
    };
    // Resource lookup by the group and kind of an ownerReference, from the latest discovery.
    let byKind = new Map<string, GcResource>();
    const resourceOf = (group: string, kind: string) => byKind.get(`${group}/${kind}`);

    const process = async (item: string) => {
      const key = item.slice(2);
      try {
        if (item.startsWith('d:')) {
          const node = graph.dependent(key);
          if (!node) return queue.forget(item);
          const outcome = await attemptToDeleteDependent(apiFor(`/clusters/${node.cluster}`), node, resourceOf, signal, graph.dependentsOf(node).length > 0);
          if (outcome === 'unresolvable' || outcome === 'conflict') {
            queue.addRateLimited(item);
            return;
          }
          queue.forget(item);
          if (outcome === 'deleted' || outcome === 'updated') {
            outcomes?.inc({ action: outcome === 'deleted' ? 'delete_dependent' : 'drop_owner_references' });
            logger?.debug({ cluster: node.cluster, resource: resourceId(node.resource), namespace: node.namespace, name: node.name, outcome }, 'garbage collected');
          }
          return;
        }
        const owner = graph.deletingOwner(key);
        if (!owner) return queue.forget(item);
        const outcome = await processDeletingOwner(apiFor(`/clusters/${owner.cluster}`), owner, graph.dependentsOf(owner), resourceOf, signal, (d) => graph.dependentsOf(d).length > 0);
        if (outcome === 'conflict') {
          queue.addRateLimited(item);
          return;
        }
        queue.forget(item);
        if (outcome === 'waiting') queue.addAfter(item, this.opts.waitingRequeueMs ?? 10_000);
        if (outcome === 'finalized') {
          outcomes?.inc({ action: 'finalize_owner' });
          logger?.info({ cluster: owner.cluster, resource: resourceId(owner.resource), namespace: owner.namespace, name: owner.name }, 'owner finalized');
        }
      } catch (err) {
        if (signal.aborted) return;
        queue.addRateLimited(item);
        logger?.warn({ item, err: message(err), retries: queue.numRequeues(item) }, 'garbage collection failed');
      }
    };

    const reflect = async (reflector: Reflector, lw: GcListWatcher) => {
      const { resource } = reflector;
      const rSignal = reflector.controller.signal;
      const backoff = new Backoff({ initialMs: 200, maxMs: 10_000 });
      let useWatchList = lw.watchList !== undefined;
      let rv = '';
      let syncs = 0;
      const finishSync = (listed: ReadonlySet<string>) => {
        enqueue(graph.retain(resource, listed, syncs > 0));
        syncs += 1;
        reflector.synced = true;
      };
      // Applies the events of a stream; `listing` collects the keys of a WatchList's initial state until its end.
      const consume = async (events: AsyncIterable<RawWatchEvent>, listing: Set<string> | undefined): Promise<void> => {
        for await (const event of events) {
          if (event.type === 'ERROR') {
            const status = event.object as { code?: number; reason?: string; message?: string };
            throw new ApiError(status.code ?? 500, status.reason ?? 'Unknown', status.message ?? 'watch error');
          }
          const obj = objectOf(event);
          if (!obj) continue;
          if (event.type === 'BOOKMARK') {
            if (listing && obj.metadata.annotations?.[INITIAL_EVENTS_END] === 'true') {
              finishSync(listing);
              listing = undefined;
            }
          } else if (event.type === 'DELETED') {
            enqueue(graph.remove(resource, obj));
          } else {
            enqueue(graph.upsert(resource, obj));
            if (listing) {
              const key = graph.keyOf(resource, obj);
              if (key && (graph.dependent(key) || graph.deletingOwner(key))) listing.add(key);
            }
          }
          // During a WatchList's initial state the objects' resourceVersions are not a point to resume from.
          if (!listing && obj.metadata.resourceVersion) rv = obj.metadata.resourceVersion;
        }
        if (listing) throw new Error('the watch ended before its initial events did');
      };
      while (!rSignal.aborted) {
        try {
          if (rv === '' && useWatchList && lw.watchList) {
            await consume(lw.watchList('', rSignal), new Set());
          } else if (rv === '') {
            const { items, resourceVersion } = await lw.list(rSignal);
            const listed = new Set<string>();
            for (const obj of items) {
              enqueue(graph.upsert(resource, obj));
              const key = graph.keyOf(resource, obj);
              if (key && (graph.dependent(key) || graph.deletingOwner(key))) listed.add(key);
            }
            finishSync(listed);
            rv = resourceVersion;
          } else {
            await consume(lw.watch(rv, rSignal), undefined);
          }
          backoff.reset();
        } catch (err) {
          if (rSignal.aborted) break;
          if (isApiError(err, 410)) {
            rv = '';
            continue;
          }
          if (useWatchList && rv === '' && err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) {
            // kube's reflector falls back to list+watch when the server refuses a WatchList.
            useWatchList = false;
            logger?.info({ resource: resourceId(resource), err: err.message }, 'watch-list refused, listing instead');
            continue;
          }
          const delay = backoff.next();
          logger?.warn({ resource: resourceId(resource), err: message(err), retryInMs: delay }, 'garbage collector watch failed');
          await sleep(delay, rSignal);
        }
      }
    };

    const startReflector = (resource: GcResource) => {
      const reflector: Reflector = { resource, controller: new AbortController(), done: Promise.resolve(), synced: false };
      reflector.done = reflect(reflector, listWatcherFor(resource));
      this.reflectors.set(resourceId(resource), reflector);
    };
    const stopReflector = async (id: string) => {
      const reflector = this.reflectors.get(id);
      if (!reflector) return;
      this.reflectors.delete(id);
      reflector.controller.abort();
      await reflector.done;
      // Its objects are no longer seen: forget them (their dependents are checked again).
      enqueue(graph.retain(reflector.resource, new Set(), true));
    };

    const discover = async () => {
      const all = await apiFor('').resources(signal);
      // Only what can be watched across workspaces and deleted is collected; the first version of a kind wins.
      const usable = all.filter((r) => r.verbs.includes('watch') && r.verbs.includes('delete'));
      const kinds = new Map<string, GcResource>();
      for (const r of all) if (!kinds.has(`${r.group}/${r.kind}`)) kinds.set(`${r.group}/${r.kind}`, r);
      byKind = kinds;
      const wanted = new Map(usable.map((r) => [resourceId(r), r]));
      for (const id of [...this.reflectors.keys()]) if (!wanted.has(id)) await stopReflector(id);
      for (const [id, r] of wanted) if (!this.reflectors.has(id)) startReflector(r);
      this.discovered = true;
    };

    const workers = runWorkers(queue, this.opts.workers ?? 2, signal, process);
    const discoveryBackoff = new Backoff({ initialMs: 200, maxMs: 10_000 });
    while (!signal.aborted) {
      try {
        await discover();
        discoveryBackoff.reset();
        await sleep(this.opts.discoveryIntervalMs ?? 30_000, signal);
      } catch (err) {
        if (signal.aborted) break;
        const delay = discoveryBackoff.next();
        logger?.warn({ err: message(err), retryInMs: delay }, 'garbage collector discovery failed');
        await sleep(delay, signal);
      }
    }
    queue.shutDown();
    for (const r of this.reflectors.values()) r.controller.abort();
    await workers;
    await Promise.all([...this.reflectors.values()].map((r) => r.done));
    this.reflectors.clear();
    this.discovered = false;
    metrics?.unregister();
  }
}

const METRIC_NODES = 'strata_garbage_collector_graph_nodes';
const METRIC_REFUSED = 'strata_garbage_collector_graph_refused';
const METRIC_ACTIONS = 'strata_garbage_collector_actions_total';

/** The collector's metrics: the graph's size (read at scrape time) and its writes; `unregister` removes them. */
function gcMetrics(registry: Registry, graph: GcGraph): { actions: Counter<'action'>; unregister(): void } {
  new Gauge({
    name: METRIC_NODES,
    help: 'Objects the garbage collector tracks: dependents (with ownerReferences) and owners being deleted with its finalizers',
    labelNames: ['type'],
    registers: [registry],
    collect() {
      const s = graph.stats();
      this.set({ type: 'dependent' }, s.dependents);
      this.set({ type: 'deleting_owner' }, s.deletingOwners);
    },
  });
  new Gauge({
    name: METRIC_REFUSED,
    help: 'Objects the garbage collector did not track because its graph was at its bound',
    registers: [registry],
    collect() {
      this.set(graph.stats().refused);
    },
  });
  const actions = new Counter({ name: METRIC_ACTIONS, help: 'Writes of the garbage collector, by what they did', labelNames: ['action'], registers: [registry] });
  return {
    actions,
    unregister() {
      for (const name of [METRIC_NODES, METRIC_REFUSED, METRIC_ACTIONS]) registry.removeSingleMetric(name);
    },
  };
}
