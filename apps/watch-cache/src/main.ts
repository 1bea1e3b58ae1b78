import { Cacher, Compactor, Etcd3Storage, createEtcdClient, startStorageGrpcServer } from '@strata/storage-server';
import { createLogger, createMetricsRegistry, onShutdown, startObservabilityServer } from '@strata/runtime';
import { parseWatchCacheFlags } from './flags';

// Wiring only: etcd client → etcd3 storage → watch cache (unless --cache=false) → gRPC service, plus /livez /readyz /metrics on their own port.
async function main(): Promise<void> {
  const flags = parseWatchCacheFlags(process.argv.slice(2));
  const logger = createLogger('watch-cache', flags.logLevel);
  const registry = createMetricsRegistry('watch-cache');
  const etcdClient = createEtcdClient(flags.etcdEndpoints);
  const etcdStorage = new Etcd3Storage({ etcdClient, metrics: registry, logger });
  // Keys outside /registry/ are never served, so the cache holds exactly the API's keyspace.
  const cacher = flags.cache ? new Cacher({ etcdClient, writeThrough: etcdStorage, prefix: '/registry/', metrics: registry, logger }) : undefined;
  const storage = cacher ?? etcdStorage;
  let shuttingDown = false;

  await cacher?.start();
  // Like kube-apiserver, every replica takes part in compaction rounds; one compacts per interval.
  const compactor = new Compactor({ etcdClient, intervalMs: flags.etcdCompactionIntervalSeconds * 1000, logger, metrics: registry });
  compactor.start();

  const grpcServer = await startStorageGrpcServer({ storage, host: flags.listenAddress.host, port: flags.listenAddress.port, logger });
  const observability = await startObservabilityServer({
    port: flags.metricsPort,
    registry,
    logger,
    isShuttingDown: () => shuttingDown,
    readyChecks: {
      etcd: async (signal) => {
        await storage.currentRevision({ signal });
      },
    },
  });
  logger.info(
    { grpcPort: grpcServer.port, metricsPort: observability.port, etcdEndpoints: flags.etcdEndpoints, cache: flags.cache },
    'watch-cache serving',
  );

  onShutdown(
    ['SIGTERM', 'SIGINT'],
    async () => {
      shuttingDown = true;
      await grpcServer.stop();
      await compactor.stop();
      await cacher?.stop();
      etcdClient.close();
      await observability.stop();
    },
    { logger },
  );
}

main().catch((err: unknown) => {
  createLogger('watch-cache', 'info').fatal({ err }, 'watch-cache failed to start');
  process.exit(1);
});
