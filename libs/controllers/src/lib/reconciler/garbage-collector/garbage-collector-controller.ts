import type { Registry } from 'prom-client';
import type { Logger } from '@strata/runtime';
import type { ApiServerClient } from '../../client/api-server-client';
import type { Sleep } from '../periodic-reconciler';
import { WorkspacePassRunner } from '../workspace-pass-runner';
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
export class GarbageCollectorController extends WorkspacePassRunner<GarbageCollectorApi> {
  constructor(opts: GarbageCollectorControllerOptions) {
    const apiServer = opts.apiServer;
    if (!opts.apiFor && !apiServer) throw new Error('GarbageCollectorController needs apiFor or apiServer');
    const limits = opts.limits ?? DEFAULT_GC_LIMITS;
    super({
      name: 'garbage-collector',
      apiFor: opts.apiFor ?? ((path) => createGarbageCollectorApi(apiServer as ApiServerClient, path)),
      requeueMs: opts.requeueMs ?? DEFAULT_REQUEUE_MS,
      // A pass lists every object of every resource of its workspaces (root holds every top-level Workspace): at
      // most a fifth of the time in passes keeps its load bounded as they grow, at the price of slower collection.
      maxDutyCycle: 0.2,
      maxWorkspaces: opts.maxWorkspaces ?? DEFAULT_MAX_WORKSPACES,
      logger: opts.logger,
      registry: opts.registry,
      sleep: opts.sleep,
      pass: async (workspacePath, api, signal) => {
        const result = await collectGarbage(api, signal, limits);
        if (result.deleted + result.updated + result.finalized > 0) {
          opts.logger?.info({ workspace: workspacePath || 'root', ...result }, 'garbage collected');
        }
      },
    });
  }
}
