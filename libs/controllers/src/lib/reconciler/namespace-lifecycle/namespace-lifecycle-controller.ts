import type { Registry } from 'prom-client';
import type { Logger } from '@strata/runtime';
import type { ApiServerClient } from '../../client/api-server-client';
import type { Sleep } from '../periodic-reconciler';
import { WorkspacePassRunner } from '../workspace-pass-runner';
import { createNamespaceContentApi } from './namespace-content-api';
import type { NamespaceContentApi } from './namespace-content-api';
import { reconcileNamespaceDeletion } from './namespace-deletion-reconcile';

/** Options of {@link NamespaceLifecycleController}. */
export interface NamespaceLifecycleControllerOptions {
  /** The content API of a workspace path ("" = root, "/clusters/<name>"); defaults to the apiserver's. */
  readonly apiFor?: (workspacePath: string) => NamespaceContentApi;
  readonly apiServer?: ApiServerClient;
  /**
   * Delay between passes. Short, because `kubectl delete ns` waits for the namespace to disappear and this
   * controller lists instead of watching (the cross-workspace watch comes with the workspace controller).
   */
  readonly requeueMs?: number;
  /** Upper bound on workspaces tracked; more are refused (the cross-workspace watch replaces this list). */
  readonly maxWorkspaces?: number;
  readonly logger?: Logger;
  readonly registry?: Registry;
  readonly sleep?: Sleep;
  readonly now?: () => string;
}

const DEFAULT_REQUEUE_MS = 1000;
const DEFAULT_MAX_WORKSPACES = 10_000;

function nowRFC3339(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * kube's namespace controller as a client of the apiserver, for the workspaces it knows (root, plus any added
 * with {@link addWorkspace}): each pass lists the namespaces of every known workspace and runs the deletion of
 * each terminating one (empty it, report conditions, drop the `kubernetes` finalizer). Namespaces whose content
 * is held by finalizers are retried on the next pass. start()/stop() as the PeriodicReconciler it runs on.
 */
export class NamespaceLifecycleController extends WorkspacePassRunner<NamespaceContentApi> {
  constructor(opts: NamespaceLifecycleControllerOptions) {
    const apiServer = opts.apiServer;
    if (!opts.apiFor && !apiServer) throw new Error('NamespaceLifecycleController needs apiFor or apiServer');
    const now = opts.now ?? nowRFC3339;
    super({
      name: 'namespace-lifecycle',
      apiFor: opts.apiFor ?? ((path) => createNamespaceContentApi(apiServer as ApiServerClient, path)),
      requeueMs: opts.requeueMs ?? DEFAULT_REQUEUE_MS,
      maxWorkspaces: opts.maxWorkspaces ?? DEFAULT_MAX_WORKSPACES,
      logger: opts.logger,
      registry: opts.registry,
      sleep: opts.sleep,
      pass: async (workspacePath, api, signal) => {
        for (const ns of await api.listNamespaces(signal)) {
          if (!ns.metadata.deletionTimestamp) continue;
          const result = await reconcileNamespaceDeletion(api, ns, now, signal);
          if (result === 'finalized') {
            opts.logger?.info({ workspace: workspacePath || 'root', namespace: ns.metadata.name }, 'namespace emptied and finalized');
          }
        }
      },
    });
  }
}
