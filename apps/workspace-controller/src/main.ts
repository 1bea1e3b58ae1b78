import { readFile } from 'node:fs/promises';
import {
  ApiServerClient,
  GarbageCollectorController,
  NamespaceLifecycleController,
  PeriodicReconciler,
  createNamespaceApi,
  loadKubeconfig,
  reconcileRootWorkspace,
  startLeaderElectedWorkspaceController,
} from '@strata/controllers';
import type { ApiServerConnection } from '@strata/controllers';
import { createLogger, createMetricsRegistry, onShutdown, startObservabilityServer } from '@strata/runtime';
import { parseWorkspaceControllerFlags } from './flags';
import type { WorkspaceControllerFlags } from './flags';

// Its writes are recorded in managedFields under this name (kube-apiserver takes the User-Agent's prefix).
const USER_AGENT = 'workspace-controller';

async function connection(flags: WorkspaceControllerFlags): Promise<ApiServerConnection> {
  if (flags.kubeconfig) return { ...(await loadKubeconfig(flags.kubeconfig, flags.context)), userAgent: USER_AGENT };
  return { server: flags.server ?? '', token: flags.token, caPem: flags.caFile ? await readFile(flags.caFile, 'utf8') : undefined, userAgent: USER_AGENT };
}

// Wiring only: apiserver client → reconcilers, plus /livez /readyz /metrics on their own port.
async function main(): Promise<void> {
  const flags = parseWorkspaceControllerFlags(process.argv.slice(2));
  const logger = createLogger('workspace-controller', flags.logLevel);
  const registry = createMetricsRegistry('workspace-controller');
  const conn = await connection(flags);
  const apiServer = new ApiServerClient(conn);
  const namespaces = createNamespaceApi(apiServer);
  // Empties terminating namespaces of every workspace and finalizes them (kube's namespace controller).
  const namespaceLifecycle = new NamespaceLifecycleController({ connection: conn, registry, logger });
  // kube's garbage collector for every workspace: dependents of gone owners, orphan/foregroundDeletion finalizers.
  const garbageCollector = new GarbageCollectorController({ connection: conn, registry, logger });
  const rootWorkspace = new PeriodicReconciler({
    name: 'root-workspace',
    resyncMs: flags.resyncPeriod * 1000,
    logger,
    registry,
    reconcile: async (signal) => {
      const { created } = await reconcileRootWorkspace(namespaces, signal);
      if (created.length > 0) logger.info({ workspace: 'root', namespaces: created }, 'created bootstrap namespaces');
    },
  });
  let shuttingDown = false;
  const observability = await startObservabilityServer({
    port: flags.metricsPort,
    registry,
    logger,
    isShuttingDown: () => shuttingDown,
    readyChecks: {
      'root-workspace': async () => {
        if (!rootWorkspace.hasSynced()) throw new Error('root workspace not reconciled yet');
      },
    },
  });
  rootWorkspace.start();
  // Workspaces need the storage service (id tombstones, purges); without it only the root reconcilers run.
  // The namespace and garbage collectors work only on the replica that leads, as the workspace controller does.
  const leaderOnly = [namespaceLifecycle, garbageCollector];
  const workspaces = flags.storageAddresses?.length
    ? startLeaderElectedWorkspaceController({
        apiServer,
        connection: conn,
        storageAddresses: flags.storageAddresses,
        externalUrl: flags.externalUrl,
        registry,
        logger,
        alsoWhileLeading: leaderOnly,
      })
    : undefined;
  if (!workspaces) {
    logger.warn('no --storage-addresses: the workspace controller is not running (the other controllers run unelected)');
    for (const c of leaderOnly) c.start();
  }
  logger.info({ server: conn.server, metricsPort: observability.port }, 'workspace-controller running');

  onShutdown(
    ['SIGTERM', 'SIGINT'],
    async () => {
      shuttingDown = true;
      await workspaces?.stop();
      await rootWorkspace.stop();
      await namespaceLifecycle.stop();
      await garbageCollector.stop();
      await observability.stop();
    },
    { logger },
  );
}

main().catch((err: unknown) => {
  createLogger('workspace-controller', 'info').fatal({ err }, 'workspace-controller failed to start');
  process.exit(1);
});
