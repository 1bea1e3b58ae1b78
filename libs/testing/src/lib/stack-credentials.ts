import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { formatTokenAuthLine } from '@strata/runtime';

/** The admin user every local stack has (kube's cluster-admin equivalent: group system:masters). */
export const ADMIN_USER = { name: 'admin', uid: 'admin', groups: ['system:masters'] } as const;

/** The admin credentials of a stack. */
export interface StackCredentials {
  readonly adminToken: string;
  /** kube-apiserver --token-auth-file CSV holding the admin token. */
  readonly tokenAuthFile: string;
}

/**
 * Makes sure `<dataDir>/admin.token` holds a random bearer token (created once, then reused so kubeconfigs survive
 * restarts) and writes the apiserver's token file for it. Rejects on fs errors.
 */
export async function ensureStackCredentials(dataDir: string): Promise<StackCredentials> {
  const tokenPath = join(dataDir, 'admin.token');
  if (!existsSync(tokenPath)) await writeFile(tokenPath, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  const adminToken = (await readFile(tokenPath, 'utf8')).trim();
  const tokenAuthFile = join(dataDir, 'tokens.csv');
  await writeFile(tokenAuthFile, formatTokenAuthLine(adminToken, { ...ADMIN_USER, groups: [...ADMIN_USER.groups] }) + '\n', { mode: 0o600 });
  return { adminToken, tokenAuthFile };
}

/** What goes into a kubeconfig. */
export interface KubeconfigInput {
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
}

/**
 * Renders an admin kubeconfig: cluster `strata` (CA embedded), user `admin` (bearer token), context `root`
 * (the root workspace), current-context `root`.
 */
export function renderKubeconfig(input: KubeconfigInput): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'strata', cluster: { server: input.server, 'certificate-authority-data': Buffer.from(input.caPem).toString('base64') } }],
    users: [{ name: 'admin', user: { token: input.token } }],
    contexts: [{ name: 'root', context: { cluster: 'strata', user: 'admin' } }],
    'current-context': 'root',
    preferences: {},
  });
}

/** Writes {@link renderKubeconfig}'s output to `path` with mode 0600 (it holds a token). */
export async function writeKubeconfig(path: string, input: KubeconfigInput): Promise<void> {
  await writeFile(path, renderKubeconfig(input), { mode: 0o600 });
}
