import { Command } from 'commander';
import { envOption, parseList, parsePort, parseSeconds } from '@strata/runtime';

/** The workspace-controller's settings. */
export interface WorkspaceControllerFlags {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly server?: string;
  readonly token?: string;
  readonly caFile?: string;
  readonly metricsPort: number;
  readonly storageAddresses?: string[];
  readonly externalUrl?: string;
  readonly resyncPeriod: number;
  readonly logLevel: string;
}

/**
 * Parses the controller's command line (each flag also reads its environment variable). Either --kubeconfig or
 * --server is required; throws a commander error otherwise or on a bad flag.
 */
export function parseWorkspaceControllerFlags(argv: readonly string[], exitOverride = false): WorkspaceControllerFlags {
  const program = new Command('workspace-controller')
    .description('Strata workspace-controller: provisions workspaces through the apiserver')
    .addOption(envOption('--kubeconfig <path>', 'kubeconfig to reach the apiserver', 'KUBECONFIG'))
    .addOption(envOption('--context <name>', 'kubeconfig context (default: current-context)', 'KUBE_CONTEXT'))
    .addOption(envOption('--server <url>', 'apiserver URL, instead of a kubeconfig', 'APISERVER_URL'))
    .addOption(envOption('--token <token>', 'bearer token, with --server', 'APISERVER_TOKEN'))
    .addOption(envOption('--ca-file <path>', 'CA bundle (PEM) that signed the apiserver certificate, with --server', 'APISERVER_CA_FILE'))
    .addOption(envOption('--storage-addresses <list>', 'host:port of the storage (watch-cache) replicas; enables the workspace controller', 'STORAGE_ADDRESSES', parseList))
    .addOption(envOption('--external-url <url>', 'base of Workspace spec.URL (default: the apiserver URL)', 'EXTERNAL_URL'))
    .addOption(envOption('--metrics-port <port>', 'port of /livez, /readyz and /metrics', 'METRICS_PORT', parsePort, 8082))
    .addOption(envOption('--resync-period <seconds>', 'how often to re-check what was already reconciled', 'RESYNC_PERIOD', parseSeconds, 30))
    .addOption(envOption('--log-level <level>', 'fatal|error|warn|info|debug|trace', 'LOG_LEVEL', undefined, 'info'));
  if (exitOverride) program.exitOverride().configureOutput({ writeErr: () => undefined });
  program.parse([...argv], { from: 'user' });
  const flags = program.opts<WorkspaceControllerFlags>();
  if (!flags.kubeconfig && !flags.server) program.error('error: one of --kubeconfig or --server is required');
  return flags;
}
