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

/**
 * Does through the API (as admin) what the workspace-controller does for a Workspace: create it in `parentPath`
 * (unless `existing`; `parentCluster` is the parent's id, default root), write its LogicalCluster under the
 * spec.cluster the apiserver assigned at create, set status Ready. Resolves to the logical cluster id. Throws
 * when any step answers an error or the Workspace has no spec.cluster.
 */
export async function createReadyWorkspace(url: string, parentPath: string, name: string, opts: { existing?: boolean; parentCluster?: string } = {}): Promise<string> {
  const base = `${prefix(parentPath)}${WORKSPACES}`;
  if (!opts.existing) await send(url, 'POST', base, { apiVersion: 'tenancy.strata.dev/v1alpha1', kind: 'Workspace', metadata: { name } });
  const path = `${parentPath}:${name}`;
  const current = await send(url, 'GET', `${base}/${name}`);
  const clusterId = (current['spec'] as { cluster?: string } | undefined)?.cluster;
  if (!clusterId) throw new Error(`workspace ${path} has no spec.cluster: ${JSON.stringify(current)}`);
  await send(url, 'POST', `/clusters/${clusterId}/apis/core.strata.dev/v1alpha1/logicalclusters`, {
    apiVersion: 'core.strata.dev/v1alpha1',
    kind: 'LogicalCluster',
    metadata: { name: 'cluster' },
    spec: { owner: { apiVersion: 'tenancy.strata.dev/v1alpha1', resource: 'workspaces', name, cluster: opts.parentCluster ?? 'root', uid: (current['metadata'] as { uid: string }).uid } },
    status: { phase: 'Ready', path, URL: `${url}/clusters/${path}` },
  });
  await send(url, 'PUT', `${base}/${name}/status`, { ...current, status: { phase: 'Ready', conditions: [{ type: 'Ready', status: 'True' }] } });
  return clusterId;
}
