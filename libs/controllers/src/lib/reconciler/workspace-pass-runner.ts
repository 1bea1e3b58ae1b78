import type { Registry } from 'prom-client';
import type { Logger } from '@strata/runtime';
import { PeriodicReconciler } from './periodic-reconciler';
import type { Sleep } from './periodic-reconciler';

/** Options of {@link WorkspacePassRunner}. */
export interface WorkspacePassRunnerOptions<Api> {
  /** The controller's name (PeriodicReconciler metrics and logs). */
  readonly name: string;
  /** The API of a workspace path ("" = root, "/clusters/<name>"). */
  readonly apiFor: (workspacePath: string) => Api;
  /** One pass over one workspace; a rejection is reported after the other workspaces were tried. */
  readonly pass: (workspacePath: string, api: Api, signal: AbortSignal) => Promise<void>;
  readonly requeueMs: number;
  /** See PeriodicReconcilerOptions.maxDutyCycle. */
  readonly maxDutyCycle?: number;
  /** Upper bound on workspaces tracked; more are refused. */
  readonly maxWorkspaces: number;
  readonly logger?: Logger;
  readonly registry?: Registry;
  readonly sleep?: Sleep;
}

/**
 * Runs a per-workspace pass periodically over a bounded set of workspaces (root always, plus any added with
 * {@link addWorkspace}), the shared shape of controllers that poll by listing until a cross-workspace watch replaces
 * them. A failing workspace does not stop the others; the pass rejects with the first failure after trying all.
 * start()/stop() as the PeriodicReconciler it runs on.
 */
export class WorkspacePassRunner<Api> {
  private readonly workspaces = new Map<string, Api>();
  private readonly loop: PeriodicReconciler;

  constructor(private readonly opts: WorkspacePassRunnerOptions<Api>) {
    this.addWorkspace('');
    this.loop = new PeriodicReconciler({
      name: opts.name,
      resyncMs: opts.requeueMs,
      maxDutyCycle: opts.maxDutyCycle,
      logger: opts.logger,
      registry: opts.registry,
      sleep: opts.sleep,
      reconcile: (signal) => this.reconcileAll(signal),
    });
  }

  /** Tracks a workspace by its path ("/clusters/<name>"); false when the bound is reached. Idempotent. */
  addWorkspace(workspacePath: string): boolean {
    if (this.workspaces.has(workspacePath)) return true;
    if (this.workspaces.size >= this.opts.maxWorkspaces) return false;
    this.workspaces.set(workspacePath, this.opts.apiFor(workspacePath));
    return true;
  }

  /** Stops tracking a workspace (e.g. after it was deleted); the root stays. */
  removeWorkspace(workspacePath: string): void {
    if (workspacePath !== '') this.workspaces.delete(workspacePath);
  }

  /** True once a pass over every known workspace succeeded. */
  hasSynced(): boolean {
    return this.loop.hasSynced();
  }

  start(): void {
    this.loop.start();
  }

  /** Idempotent. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** One pass over every known workspace; rejects with the first failure after trying them all. */
  async reconcileAll(signal: AbortSignal): Promise<void> {
    let firstError: unknown;
    for (const [workspacePath, api] of [...this.workspaces]) {
      try {
        await this.opts.pass(workspacePath, api, signal);
      } catch (err) {
        signal.throwIfAborted();
        firstError ??= err;
      }
    }
    if (firstError !== undefined) throw firstError;
  }
}
