import type { Registry } from 'prom-client';
import type { Logger } from '@strata/runtime';
import type { ApiServerClient } from '../../client/api-server-client';
import { PeriodicReconciler } from '../periodic-reconciler';
import type { Sleep } from '../periodic-reconciler';
import { createGarbageCollectorApi } from './garbage-collector-api';
import type { GarbageCollectorApi } from './garbage-collector-api';
import { DEFAULT_GC_LIMITS, collectGarbage } from './garbage-collection-reconcile';
import type { GarbageCollectionLimits } from './garbage-collection-reconcile';

/** Options of {@link GarbageCollectorController}. */
export interface GarbageCollectorControllerOptions {
  /** The API of a workspace path ("" = root, "/clusters/<name>"); defaults to the apiserver's. */
  readonly apiFor?: (workspacePath: string) => GarbageCollectorApi;
  readonly apiServer?: ApiServerClient;
  /**
   * Delay between passes. Short, because `kubectl delete --cascade=foreground|orphan` waits for the owner to
   * disappear and this controller lists instead of watching.
   */
  readonly requeueMs?: number;
  /** Upper bound on workspaces tracked; more are refused. */
  readonly maxWorkspaces?: number;
  readonly limits?: GarbageCollectionLimits;
  readonly logger?: Logger;
  readonly registry?: Registry;
  readonly sleep?: Sleep;
}

const DEFAULT_REQUEUE_MS = 1000;
const DEFAULT_MAX_WORKSPACES = 10_000;

/**
 * kube's garbage collector as a client of the apiserver, for the workspaces it knows (root, plus any added with
 * {@link addWorkspace}): each pass runs {@link collectGarbage} on every known workspace (ownerReferences of
 * deleted owners: background deletion of dependents, `orphan` and `foregroundDeletion` finalizers).
 * start()/stop() as the PeriodicReconciler it runs on.
 */
export class GarbageCollectorController {
  private readonly workspaces = new Map<string, GarbageCollectorApi>();
  private readonly apiFor: (workspacePath: string) => GarbageCollectorApi;
  private readonly maxWorkspaces: number;
  private readonly loop: PeriodicReconciler;

  constructor(private readonly opts: GarbageCollectorControllerOptions) {
    const apiServer = opts.apiServer;
    if (!opts.apiFor && !apiServer) throw new Error('GarbageCollectorController needs apiFor or apiServer');
    this.apiFor = opts.apiFor ?? ((path) => createGarbageCollectorApi(apiServer as ApiServerClient, path));
    this.maxWorkspaces = opts.maxWorkspaces ?? DEFAULT_MAX_WORKSPACES;
    this.addWorkspace('');
    this.loop = new PeriodicReconciler({
      name: 'garbage-collector',
      resyncMs: opts.requeueMs ?? DEFAULT_REQUEUE_MS,
      logger: opts.logger,
      registry: opts.registry,
      sleep: opts.sleep,
      reconcile: (signal) => this.reconcileAll(signal),
    });
  }

  /** Tracks a workspace by its path ("/clusters/<name>"); false when the bound is reached. Idempotent. */
  addWorkspace(workspacePath: string): boolean {
    if (this.workspaces.has(workspacePath)) return true;
    if (this.workspaces.size >= this.maxWorkspaces) return false;
    this.workspaces.set(workspacePath, this.apiFor(workspacePath));
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
        const result = await collectGarbage(api, signal, this.opts.limits ?? DEFAULT_GC_LIMITS);
        if (result.deleted + result.updated + result.finalized > 0) {
          this.opts.logger?.info({ workspace: workspacePath || 'root', ...result }, 'garbage collected');
        }
      } catch (err) {
        signal.throwIfAborted();
        firstError ??= err;
      }
    }
    if (firstError !== undefined) throw firstError;
  }
}
