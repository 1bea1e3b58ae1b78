import { Command, InvalidArgumentError } from 'commander';
import { envOption, parseList, parsePort } from '@strata/runtime';

/** The apiserver's settings (names follow kube-apiserver's flags). */
export interface ApiServerFlags {
  readonly storageAddresses: string[];
  readonly securePort: number;
  readonly bindAddress: string;
  readonly tlsCertFile: string;
  readonly tlsPrivateKeyFile: string;
  readonly tokenAuthFile?: string;
  /** The URL users reach this server at (no trailing slash); absent = {@link servingUrl}. */
  readonly externalUrl?: string;
  readonly logLevel: string;
}

/**
 * Parses --external-url: an absolute http(s) URL without query or fragment, returned as given but for trailing
 * slashes (the workspace-controller drops one from its own --external-url, so both write the same spec.URL).
 */
export function parseExternalUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidArgumentError(`"${value}" is not an http(s) URL`);
  if (url.search || url.hash) throw new InvalidArgumentError(`"${value}" must not have a query or fragment`);
  return value.trim().replace(/\/+$/, '');
}

/**
 * The apiserver's own serving URL, the default external URL: https on the bind address and the port it listens
 * on, loopback when bound to every address (0.0.0.0, ::), IPv6 in brackets.
 */
export function servingUrl(bindAddress: string, port: number): string {
  const host = bindAddress === '' || bindAddress === '0.0.0.0' || bindAddress === '::' ? '127.0.0.1' : bindAddress;
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
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
    .addOption(
      envOption(
        '--external-url <url>',
        "URL users reach this server at, the base of each new Workspace's spec.URL; give the workspace-controller the same (default: https://<bind address>:<port>)",
        'EXTERNAL_URL',
        parseExternalUrl,
      ),
    )
    .addOption(envOption('--log-level <level>', 'fatal|error|warn|info|debug|trace', 'LOG_LEVEL', undefined, 'info'));
  if (exitOverride) program.exitOverride().configureOutput({ writeErr: () => undefined });
  program.parse([...argv], { from: 'user' });
  return program.opts<ApiServerFlags>();
}
