import type { Registry } from 'prom-client';
import type { Logger } from '@strata/runtime';
import { ApiServerClient } from '../../client/api-server-client';
import type { ApiServerConnection } from '../../client/kubeconfig';
import { Informer } from '../../informer/informer';
import { createApiListWatcher } from '../../informer/list-watcher';
import type { ListWatcher } from '../../informer/list-watcher';
import type { Clock } from '../../workqueue/clock';
import { WorkQueue, runWorkers } from '../../workqueue/work-queue';
import { CLUSTER_ANNOTATION } from '../tenancy/workspace/workspace-types';
import { createNamespaceContentApi } from './namespace-content-api';
import type { NamespaceContentApi, NamespaceObject } from './namespace-content-api';
import { reconcileNamespaceDeletion } from './namespace-deletion-reconcile';
import { BackgroundRun } from '../background-run';

/** Options of {@link NamespaceLifecycleController}. */
export interface NamespaceLifecycleControllerOptions {
  /** The apiserver; a privileged identity, since it lists and watches namespaces across all workspaces. */
  readonly connection: ApiServerConnection;
  /** Defaults to `/clusters/*\/api/v1/namespaces` (every namespace of every workspace, with {@link CLUSTER_ANNOTATION}). */
  readonly listWatcher?: ListWatcher<NamespaceObject>;
  /** The content API of one workspace (`/clusters/<cluster>`); defaults to the apiserver's. */
  readonly apiFor?: (workspacePath: string) => NamespaceContentApi;
  /**
   * How soon a namespace whose content is still there (held by finalizers, or changed meanwhile) is looked at
   * again. Nothing wakes it when its content goes, so it is short: `kubectl delete ns` waits for the namespace.
   */
  readonly requeueMs?: number;
  /** Parallel workers (default 2); one namespace is never processed by two at once. */
  readonly workers?: number;
  readonly registry?: Registry;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly now?: () => string;
}

/** The controller's name: the work queue's `name` label value. */
export const NAMESPACE_CONTROLLER_NAME = 'namespace';

const DEFAULT_REQUEUE_MS = 1000;

function nowRFC3339(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * What the informer keeps of a namespace: its key and whether it is terminating. Every namespace of every
 * workspace is in the store (a million workspaces have at least a million), so the rest is not kept; a worker
 * reads the whole namespace when it has one to finalize.
 */
function slim(ns: NamespaceObject): NamespaceObject {
  const { name, resourceVersion, deletionTimestamp, annotations } = ns.metadata;
  const cluster = annotations?.[CLUSTER_ANNOTATION];
  return {
    metadata: {
      name,
      resourceVersion,
      ...(deletionTimestamp ? { deletionTimestamp } : {}),
      ...(cluster !== undefined ? { annotations: { [CLUSTER_ANNOTATION]: cluster } } : {}),
    },
  };
}

const keyOf = (ns: NamespaceObject) => `${ns.metadata.annotations?.[CLUSTER_ANNOTATION] ?? ''}/${ns.metadata.name}`;

/**
 * kube's namespace controller as a client of the apiserver, for every workspace: an informer of all namespaces
 * across workspaces feeds a work queue with the terminating ones; a worker reads the namespace and runs
 * {@link reconcileNamespaceDeletion} in its workspace (empty it, report conditions, drop the `kubernetes`
 * finalizer). A namespace whose content remains is requeued after `requeueMs`; failures back off per namespace.
 * start()/stop(); stop waits for the workers and the informer.
 */
export class NamespaceLifecycleController {
  private readonly background = new BackgroundRun((signal) => this.run(signal));
  private informer: Informer<NamespaceObject> | undefined;

  constructor(private readonly opts: NamespaceLifecycleControllerOptions) {}

  /** True while running, once the informer has listed every namespace. */
  hasSynced(): boolean {
    return this.informer?.hasSynced() ?? false;
  }

  /** Starts the informer and the workers; a second call does nothing. */
  start(): void {
    this.background.start();
  }

  /** Stops and waits until every worker and the informer ended. Idempotent. */
  stop(): Promise<void> {
    return this.background.stop();
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { logger } = this.opts;
    const apiServer = new ApiServerClient(this.opts.connection);
    const apiFor = this.opts.apiFor ?? ((path: string) => createNamespaceContentApi(apiServer, path));
    const listWatcher = this.opts.listWatcher ?? createApiListWatcher<NamespaceObject>(apiServer, this.opts.connection, '/clusters/*/api/v1/namespaces');
    const now = this.opts.now ?? nowRFC3339;
    const requeueMs = this.opts.requeueMs ?? DEFAULT_REQUEUE_MS;
    const queue = new WorkQueue({ name: NAMESPACE_CONTROLLER_NAME, registry: this.opts.registry, clock: this.opts.clock });
    const enqueueTerminating = (ns: NamespaceObject) => {
      if (ns.metadata.deletionTimestamp) queue.add(keyOf(ns));
    };
    const informer = new Informer<NamespaceObject>({
      listWatcher,
      keyOf,
      logger,
      transform: slim,
      handlers: { onAdd: enqueueTerminating, onUpdate: (_old, ns) => enqueueTerminating(ns) },
    });

    const process = async (key: string) => {
      const cached = informer.get(key);
      const cluster = cached?.metadata.annotations?.[CLUSTER_ANNOTATION];
      if (!cached?.metadata.deletionTimestamp || !cluster) {
        queue.forget(key);
        return;
      }
      const api = apiFor(`/clusters/${cluster}`);
      try {
        const ns = await api.getNamespace(cached.metadata.name, signal);
        const result = ns ? await reconcileNamespaceDeletion(api, ns, now, signal) : 'not-terminating';
        queue.forget(key);
        if (result === 'remaining' || result === 'conflict') queue.addAfter(key, requeueMs);
        else if (result === 'finalized') logger?.info({ cluster, namespace: cached.metadata.name }, 'namespace emptied and finalized');
      } catch (err) {
        if (signal.aborted) return;
        queue.addRateLimited(key);
        logger?.warn({ cluster, namespace: cached.metadata.name, err: err instanceof Error ? err.message : String(err), retries: queue.numRequeues(key) }, 'namespace deletion failed');
      }
    };
    this.informer = informer;
    informer.start();
    const workers = runWorkers(queue, this.opts.workers ?? 2, signal, process);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    queue.shutDown();
    await workers;
    await informer.stop();
    if (this.informer === informer) this.informer = undefined;
  }
}
