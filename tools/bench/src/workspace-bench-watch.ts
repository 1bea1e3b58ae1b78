import { openWatchStream } from '@strata/controllers';
import type { ApiServerConnection, RawWatchEvent } from '@strata/controllers';

const WS_PATH = '/apis/tenancy.strata.dev/v1alpha1/workspaces';
const CLUSTER_ANNOTATION = 'strata.dev/cluster';

interface Waiter {
  readonly resolve: (clusterId: string) => void;
  readonly reject: (err: Error) => void;
}

interface WatchedWorkspace {
  metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
  spec?: { cluster?: string };
  status?: { phase?: string };
}

/**
 * One wildcard watch of every Workspace (`/clusters/*`), so the benchmark learns that a workspace is Ready (or
 * gone) from the event stream instead of polling each one. Keys are `<parent cluster id>/<name>`, as the items'
 * `strata.dev/cluster` annotation gives them. Only registered waiters are remembered (at most the number of
 * creations in flight), so memory does not grow with N. The stream is reopened from the last resourceVersion
 * when the server ends it. `stop()` is idempotent and rejects every pending waiter.
 */
export class WorkspaceWatch {
  private readonly ready = new Map<string, Waiter>();
  private readonly gone = new Map<string, Waiter>();
  private readonly abort = new AbortController();
  private resourceVersion = '';
  private loop: Promise<void> | undefined;
  /** Events seen (all types), for the report. */
  events = 0;

  constructor(private readonly connection: ApiServerConnection) {}

  /** Opens the watch; resolves once the stream answered. Rejects when the first open fails. */
  async start(): Promise<void> {
    const first = openWatchStream(this.connection, `/clusters/*${WS_PATH}?watch=1&allowWatchBookmarks=true`, this.abort.signal);
    const head = await first.next();
    if (!head.done) this.handle(head.value);
    this.loop = this.run(first);
  }

  /** Resolves with the workspace's cluster id once `<parentClusterId>/<name>` is Ready. Register BEFORE creating it. */
  whenReady(parentClusterId: string, name: string): Promise<string> {
    return new Promise((resolve, reject) => this.ready.set(`${parentClusterId}/${name}`, { resolve, reject }));
  }

  /** Resolves once `<parentClusterId>/<name>` is deleted. Register BEFORE deleting it. */
  whenGone(parentClusterId: string, name: string): Promise<string> {
    return new Promise((resolve, reject) => this.gone.set(`${parentClusterId}/${name}`, { resolve, reject }));
  }

  private async run(stream: AsyncGenerator<RawWatchEvent>): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        for await (const ev of stream) this.handle(ev);
      } catch (err) {
        if (this.abort.signal.aborted) break;
        process.stderr.write(`workspace watch ended: ${err instanceof Error ? err.message : String(err)}; reopening\n`);
        await new Promise((r) => setTimeout(r, 500));
      }
      if (this.abort.signal.aborted) break;
      const rv = this.resourceVersion ? `&resourceVersion=${this.resourceVersion}` : '';
      stream = openWatchStream(this.connection, `/clusters/*${WS_PATH}?watch=1&allowWatchBookmarks=true${rv}`, this.abort.signal);
    }
  }

  private handle(ev: RawWatchEvent): void {
    this.events++;
    const ws = ev.object as WatchedWorkspace;
    if (ws.metadata?.resourceVersion) this.resourceVersion = ws.metadata.resourceVersion;
    if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return;
    const key = `${ws.metadata?.annotations?.[CLUSTER_ANNOTATION] ?? ''}/${ws.metadata?.name ?? ''}`;
    const waiters = ev.type === 'DELETED' ? this.gone : ws.status?.phase === 'Ready' ? this.ready : undefined;
    const waiter = waiters?.get(key);
    if (!waiter) return;
    waiters?.delete(key);
    waiter.resolve(ws.spec?.cluster ?? '');
  }

  /** Ends the watch; pending waiters reject. Idempotent. */
  async stop(): Promise<void> {
    this.abort.abort();
    for (const waiters of [this.ready, this.gone]) {
      for (const w of waiters.values()) w.reject(new Error('watch stopped'));
      waiters.clear();
    }
    await this.loop;
  }
}
