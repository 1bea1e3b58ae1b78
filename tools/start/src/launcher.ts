import { resolve, relative } from 'node:path';
import { Command } from 'commander';
import { envOption, onShutdown, parseList, parsePort } from '@strata/runtime';
import { Stack } from '@strata/testing';

interface LauncherFlags {
  readonly dataDir: string;
  readonly port: number;
  readonly etcdEndpoints?: string[];
  readonly logLevel: string;
  readonly verbose: boolean;
}

function parseFlags(argv: readonly string[]): LauncherFlags {
  return new Command('npm start --')
    .description('Start a local Strata: etcd, watch-cache, apiserver and workspace-controller')
    .addOption(envOption('--data-dir <path>', 'where PKI, token, kubeconfig, logs and etcd data live', 'STRATA_DATA_DIR', undefined, '.data'))
    .addOption(envOption('--port <port>', 'apiserver HTTPS port', 'STRATA_PORT', parsePort, 6443))
    .addOption(envOption('--etcd-endpoints <urls>', 'use this etcd instead of spawning one', 'ETCD_ENDPOINTS', parseList))
    .addOption(envOption('--log-level <level>', 'service log level', 'LOG_LEVEL', undefined, 'info'))
    .option('--verbose', 'echo every service log line here too', false)
    .parse([...argv], { from: 'user' })
    .opts<LauncherFlags>();
}

/**
 * Runs the local stack until SIGINT/SIGTERM, then stops it and exits. Data lives in --data-dir (default .data) and
 * survives restarts. Exits 1 when the stack cannot start (the failing service's output is printed).
 */
export async function runLauncher(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv);
  const dataDir = resolve(flags.dataDir);
  const abort = new AbortController();
  let stack: Stack | undefined;
  onShutdown(['SIGINT', 'SIGTERM'], async () => {
    process.stderr.write('\nstopping Strata...\n');
    abort.abort();
    await stack?.stop();
    process.stderr.write('stopped.\n');
  });

  process.stderr.write(`starting Strata (data in ${dataDir}) ...\n`);
  try {
    stack = await Stack.start({
      dataDir,
      apiserverPort: flags.port,
      etcdEndpoints: flags.etcdEndpoints,
      logLevel: flags.logLevel,
      signal: abort.signal,
      onOutput: flags.verbose ? (_service, chunk) => process.stderr.write(chunk) : undefined,
    });
  } catch (err) {
    if (abort.signal.aborted) return;
    process.stderr.write(`\nStrata failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  process.stdout.write(usage(stack, dataDir));
}

/** A path relative to the cwd when it lies below it (shorter to copy), else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

function usage(stack: Stack, dataDir: string): string {
  const rel = shown(stack.kubeconfigPath);
  const logs = shown(resolve(dataDir, 'logs'));
  const p = stack.ports;
  return `
Strata is running.
  apiserver             ${stack.server}   (/livez /readyz /metrics on the same port)
  watch-cache           gRPC 127.0.0.1:${p.watchCachePort}, metrics http://127.0.0.1:${p.watchCacheMetricsPort}/metrics
  workspace-controller  metrics http://127.0.0.1:${p.controllerMetricsPort}/metrics
  etcd                  ${stack.etcdEndpoints.join(',')}
  logs                  ${logs}/<service>.log

Use it with kubectl:
  export KUBECONFIG=${rel}
  export PATH=$PWD/bin:$PATH                             # kubectl ws (the workspace plugin)
  kubectl create configmap app --from-literal=a=1        # in the root workspace
  kubectl get configmaps
  kubectl get cm app -o yaml
  kubectl ws create team-a                               # a workspace root:team-a (waits until Ready)
  kubectl --server ${stack.server}/clusters/root:team-a create configmap app --from-literal=a=2
  kubectl --server ${stack.server}/clusters/root:team-a get configmaps

Press Ctrl-C to stop (data is kept in ${shown(dataDir)}).
`;
}
