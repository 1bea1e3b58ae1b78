import type { ApiServerClient } from '@strata/controllers';
import { LatencyRecorder } from './stats';
import { plannedWorkspace } from './workspace-bench-plan';
import type { WorkspaceShape } from './workspace-bench-plan';
import type { WorkspaceWatch } from './workspace-bench-watch';

const WS_PATH = '/apis/tenancy.strata.dev/v1alpha1/workspaces';

/** Options of {@link WorkspaceCreator}. */
export interface WorkspaceCreatorOptions {
  readonly apiServer: ApiServerClient;
  readonly watch: WorkspaceWatch;
  readonly shape: WorkspaceShape;
  readonly branching: number;
  /** Creations in flight (each from its POST until its Ready event). */
  readonly concurrency: number;
  /** Path and cluster id of the workspace every planned depth-1 workspace goes into. */
  readonly top: { readonly path: string; readonly clusterId: string };
  /** Name prefix, so several plans can share a parent. */
  readonly prefix: string;
  /** A workspace not Ready this long after its POST fails the run. */
  readonly readyTimeoutMs: number;
  /** Keep the cluster ids of everything created (for the deletion check). */
  readonly keepIds?: boolean;
}

/**
 * Creates the workspaces of one plan through the apiserver (POST into the parent's `/clusters/<path>`), closed
 * loop: `concurrency` workers each POST one workspace and wait for its Ready event before taking the next, so the
 * recorded latency is POST → Ready. A tree child waits for its parent's Ready first (not counted in its latency).
 * `createRange` can be called for consecutive index ranges (the benchmark measures between them). Rejects on the
 * first non-201 answer or a workspace not Ready in time.
 */
export class WorkspaceCreator {
  /** Cluster ids of plan entries that can be parents (tree only): a promise per index, set when its creation starts. */
  private readonly parentIds: Promise<string>[] = [];
  /** Every cluster id created, when `keepIds`. */
  readonly ids = new Set<string>();

  constructor(private readonly opts: WorkspaceCreatorOptions) {}

  /** Path of plan entry `i` (computed from the plan, no state). */
  pathOf(i: number): string {
    const names: string[] = [];
    for (let j = i; j >= 0; ) {
      const w = plannedWorkspace(j, this.opts.shape, this.opts.branching, this.opts.prefix);
      names.unshift(w.name);
      j = w.parent;
    }
    return `${this.opts.top.path}:${names.join(':')}`;
  }

  /** Creates plan entries [from, to); resolves with their POST → Ready latencies and the wall time. */
  async createRange(from: number, to: number): Promise<{ latency: LatencyRecorder; seconds: number }> {
    const latency = new LatencyRecorder();
    let next = from;
    let failed: unknown;
    const t0 = performance.now();
    const worker = async () => {
      while (next < to && failed === undefined) {
        const i = next++;
        try {
          latency.record(await this.createOne(i));
        } catch (err) {
          failed ??= err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.opts.concurrency) }, () => worker()));
    if (failed !== undefined) throw failed;
    return { latency, seconds: (performance.now() - t0) / 1000 };
  }

  private createOne(i: number): Promise<number> {
    const w = plannedWorkspace(i, this.opts.shape, this.opts.branching, this.opts.prefix);
    let settle!: (id: string) => void;
    let fail!: (err: unknown) => void;
    const own = new Promise<string>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    own.catch(() => undefined);
    // Assigned before the first await, so a child (later index) always finds its parent's promise.
    if (this.opts.shape === 'tree') this.parentIds[i] = own;
    const run = async () => {
      const parentId = w.parent < 0 ? this.opts.top.clusterId : await this.parentIds[w.parent];
      const parentPath = w.parent < 0 ? this.opts.top.path : this.pathOf(w.parent);
      const ready = this.opts.watch.whenReady(parentId, w.name);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`workspace ${parentPath}:${w.name} not Ready ${this.opts.readyTimeoutMs} ms after its POST`)), this.opts.readyTimeoutMs);
        timer.unref();
      });
      const t0 = performance.now();
      const res = await this.opts.apiServer.request({
        method: 'POST',
        path: `/clusters/${parentPath}${WS_PATH}`,
        body: { apiVersion: 'tenancy.strata.dev/v1alpha1', kind: 'Workspace', metadata: { name: w.name } },
      });
      if (res.status !== 201) throw new Error(`POST workspace ${parentPath}:${w.name} answered ${res.status}: ${JSON.stringify(res.body)}`);
      try {
        const id = await Promise.race([ready, timeout]);
        if (this.opts.keepIds) this.ids.add(id);
        settle(id);
        return performance.now() - t0;
      } finally {
        clearTimeout(timer);
      }
    };
    return run().catch((err: unknown) => {
      fail(err);
      throw err;
    });
  }
}
