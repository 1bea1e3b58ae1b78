import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

/** What a controller needs to reach the apiserver: the server URL, the CA bundle (PEM) and a bearer token. */
export interface ApiServerConnection {
  readonly server: string;
  readonly caPem?: string;
  readonly token?: string;
  /**
   * The User-Agent of every request. kube-apiserver names the field manager of a write without `fieldManager` after
   * its prefix (before "/"), so this is who the controller's writes show in managedFields. Default
   * {@link DEFAULT_USER_AGENT}.
   */
  readonly userAgent?: string;
}

/** The User-Agent of a connection that sets none. */
export const DEFAULT_USER_AGENT = 'strata-controller';

/** Raised for a kubeconfig that lacks what a connection needs. */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

interface NamedEntry<T> {
  readonly name?: string;
  readonly [key: string]: unknown;
  readonly value?: T;
}

/**
 * Reads a kubeconfig and returns the connection of `context` (default: current-context). Supports
 * certificate-authority(-data), token and tokenFile; relative file paths resolve against the kubeconfig's folder,
 * as kubectl does. Rejects with the fs error, or a {@link KubeconfigError} when the context, cluster or user is missing.
 */
export async function loadKubeconfig(path: string, context?: string): Promise<ApiServerConnection> {
  const doc = parse(await readFile(path, 'utf8')) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object') throw new KubeconfigError(`${path}: not a kubeconfig`);
  const base = dirname(path);
  const contextName = context ?? (doc['current-context'] as string | undefined);
  if (!contextName) throw new KubeconfigError(`${path}: no context given and no current-context`);
  const ctx = findNamed(doc['contexts'], 'context', contextName);
  if (!ctx) throw new KubeconfigError(`${path}: context "${contextName}" not found`);
  const clusterName = ctx['cluster'] as string | undefined;
  const cluster = clusterName ? findNamed(doc['clusters'], 'cluster', clusterName) : undefined;
  if (!cluster || typeof cluster['server'] !== 'string') throw new KubeconfigError(`${path}: cluster "${clusterName}" not found or has no server`);
  const userName = ctx['user'] as string | undefined;
  const user = userName ? (findNamed(doc['users'], 'user', userName) ?? {}) : {};

  let caPem: string | undefined;
  if (typeof cluster['certificate-authority-data'] === 'string') {
    caPem = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
  } else if (typeof cluster['certificate-authority'] === 'string') {
    caPem = await readFile(resolve(base, cluster['certificate-authority']), 'utf8');
  }
  let token: string | undefined;
  if (typeof user['token'] === 'string') token = user['token'];
  else if (typeof user['tokenFile'] === 'string') token = (await readFile(resolve(base, user['tokenFile']), 'utf8')).trim();
  return { server: cluster['server'], caPem, token };
}

function findNamed(list: unknown, field: string, name: string): Record<string, unknown> | undefined {
  if (!Array.isArray(list)) return undefined;
  const entry = (list as NamedEntry<unknown>[]).find((e) => e && e.name === name);
  const value = entry?.[field];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}
