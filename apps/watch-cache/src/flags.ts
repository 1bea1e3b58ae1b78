import { Command, InvalidArgumentError } from 'commander';
import { envOption, parseBoolean, parseHostPort, parseList, parsePort } from '@strata/runtime';
import type { HostPort } from '@strata/runtime';

/** The watch-cache's settings. */
export interface WatchCacheFlags {
  readonly etcdEndpoints: string[];
  readonly listenAddress: HostPort;
  readonly metricsPort: number;
  readonly cache: boolean;
  readonly etcdCompactionIntervalSeconds: number;
  readonly logLevel: string;
}

function parseSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number of seconds, 0 or more');
  return n;
}

/**
 * Parses the watch-cache's command line (each flag also reads its environment variable). Throws a commander error
 * (after printing usage) on a bad flag; `--help` exits.
 */
export function parseWatchCacheFlags(argv: readonly string[], exitOverride = false): WatchCacheFlags {
  const program = new Command('watch-cache')
    .description('Strata watch-cache: the storage gRPC service in front of etcd')
    .addOption(envOption('--etcd-endpoints <urls>', 'comma-separated etcd client URLs', 'ETCD_ENDPOINTS', parseList, ['http://127.0.0.1:2379']))
    .addOption(envOption('--listen-address <host:port>', 'gRPC listen address', 'LISTEN_ADDRESS', parseHostPort, parseHostPort('0.0.0.0:50051')))
    .addOption(envOption('--metrics-port <port>', 'port of /livez, /readyz and /metrics', 'METRICS_PORT', parsePort, 8081))
    .addOption(envOption('--cache <bool>', 'serve reads and watches from the watch cache (false: read through to etcd)', 'CACHE', parseBoolean, true))
    .addOption(
      envOption(
        '--etcd-compaction-interval-seconds <n>',
        "how often etcd's history is compacted (kube-apiserver's default: 300); 0 disables",
        'ETCD_COMPACTION_INTERVAL_SECONDS',
        parseSeconds,
        300,
      ),
    )
    .addOption(envOption('--log-level <level>', 'fatal|error|warn|info|debug|trace', 'LOG_LEVEL', undefined, 'info'));
  if (exitOverride) program.exitOverride().configureOutput({ writeErr: () => undefined });
  program.parse([...argv], { from: 'user' });
  return program.opts<WatchCacheFlags>();
}
