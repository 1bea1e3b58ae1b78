import { randomBytes } from 'node:crypto';
import { TEST_TOKEN } from './test-api-server';

const WORKSPACES = '/apis/tenancy.strata.dev/v1alpha1/workspaces';

function prefix(path: string): string {
  return path === 'root' ? '' : `/clusters/${path}`;
}

async function send(url: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url + path, {
    method,
    headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A fresh logical cluster id like the workspace-controller's (short base36). */
export function newTestClusterId(): string {
  return BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36).padStart(13, '0').slice(0, 13);
}

/**
 * Does through the API (as admin) what the workspace-controller does for a Workspace: create it in `parentPath`
 * (unless `existing`; `parentCluster` is the parent's id, default root), assign spec.cluster and spec.URL, write its LogicalCluster, set status Ready.
 * Resolves to the logical cluster id. Throws when any step answers an error.
 */
export async function createReadyWorkspace(url: string, parentPath: string, name: string, opts: { existing?: boolean; parentCluster?: string } = {}): Promise<string> {
  const base = `${prefix(parentPath)}${WORKSPACES}`;
  if (!opts.existing) await send(url, 'POST', base, { apiVersion: 'tenancy.strata.dev/v1alpha1', kind: 'Workspace', metadata: { name } });
  const clusterId = newTestClusterId();
  const path = `${parentPath}:${name}`;
  const current = await send(url, 'GET', `${base}/${name}`);
  const withCluster = await send(url, 'PUT', `${base}/${name}`, {
    ...current,
    spec: { ...(current['spec'] as object), cluster: clusterId, URL: `${url}/clusters/${path}` },
  });
  await send(url, 'POST', `/clusters/${clusterId}/apis/core.strata.dev/v1alpha1/logicalclusters`, {
    apiVersion: 'core.strata.dev/v1alpha1',
    kind: 'LogicalCluster',
    metadata: { name: 'cluster' },
    spec: { owner: { apiVersion: 'tenancy.strata.dev/v1alpha1', resource: 'workspaces', name, cluster: opts.parentCluster ?? 'root', uid: (withCluster['metadata'] as { uid: string }).uid } },
    status: { phase: 'Ready', path, URL: `${url}/clusters/${path}` },
  });
  await send(url, 'PUT', `${base}/${name}/status`, { ...withCluster, status: { phase: 'Ready', conditions: [{ type: 'Ready', status: 'True' }] } });
  return clusterId;
}
