import { Command } from 'commander';
import { envOption, parseList, parsePort } from '@strata/runtime';

/** The apiserver's settings (names follow kube-apiserver's flags). */
export interface ApiServerFlags {
  readonly storageAddresses: string[];
  readonly securePort: number;
  readonly bindAddress: string;
  readonly tlsCertFile: string;
  readonly tlsPrivateKeyFile: string;
  readonly tokenAuthFile?: string;
  readonly logLevel: string;
}

/**
 * Parses the apiserver's command line (each flag also reads its environment variable). Throws a commander error
 * (after printing usage) on a bad or missing flag; `--help` exits.
 */
export function parseApiServerFlags(argv: readonly string[], exitOverride = false): ApiServerFlags {
  const program = new Command('apiserver')
    .description('Strata apiserver: the Kubernetes API over HTTPS, for every workspace')
    .addOption(envOption('--storage-addresses <list>', 'comma-separated watch-cache gRPC addresses (host:port)', 'STORAGE_ADDRESSES', parseList, ['127.0.0.1:50051']))
    .addOption(envOption('--secure-port <port>', 'HTTPS port', 'SECURE_PORT', parsePort, 6443))
    .addOption(envOption('--bind-address <ip>', 'address to listen on', 'BIND_ADDRESS', undefined, '0.0.0.0'))
    .addOption(envOption('--tls-cert-file <path>', 'serving certificate (PEM, may include the chain)', 'TLS_CERT_FILE').makeOptionMandatory())
    .addOption(envOption('--tls-private-key-file <path>', 'serving key (PEM)', 'TLS_PRIVATE_KEY_FILE').makeOptionMandatory())
    .addOption(envOption('--token-auth-file <path>', 'static bearer tokens, CSV: token,user,uid,"group1,group2"', 'TOKEN_AUTH_FILE'))
    .addOption(envOption('--log-level <level>', 'fatal|error|warn|info|debug|trace', 'LOG_LEVEL', undefined, 'info'));
  if (exitOverride) program.exitOverride().configureOutput({ writeErr: () => undefined });
  program.parse([...argv], { from: 'user' });
  return program.opts<ApiServerFlags>();
}
