import { recordingClient, useDevApiServer } from '../../../../testing/dev-api-server';
import { createWorkspaceApiDeps } from './workspace-api-deps';
import { reconcileWorkspace } from './workspace-reconcile';
import { createWorkspaceWriter } from './workspace-writer';
import type { Workspace } from './workspace-types';

describe('workspace provisioning (integration, real apiserver app + etcd)', () => {
  const dev = useDevApiServer('strata-ws-provision-');

  it('one pass: id persisted, LogicalCluster and binding stored without managedFields, no cluster-admin copy, one status write to Ready', async () => {
    const signal = new AbortController().signal;
    const wsPath = '/clusters/root/apis/tenancy.strata.dev/v1alpha1/workspaces';
    const created = await dev.apiServer.request({ method: 'POST', path: wsPath, body: { apiVersion: 'tenancy.strata.dev/v1alpha1', kind: 'Workspace', metadata: { name: 'acme' } } });
    expect(created.status).toBe(201);
    // Tombstones live in the storage service, which the dev server does not expose: a map stands in for it.
    const tombstones = new Set<string>();
    const storage = {
      create: async (key: string) => {
        tombstones.add(key);
        return { key, value: Buffer.alloc(0), createRevision: 1, modRevision: 1, version: 1 };
      },
      deletePrefixes: () => Promise.reject(new Error('not used')),
    };
    const requests: string[] = [];
    const counting = recordingClient(dev.apiServer, requests, (path) => path.replace(/\/clusters\/[a-z0-9]{14}\//, '/clusters/<id>/'));
    const deps = createWorkspaceApiDeps({ apiServer: counting, storage: storage as never, externalUrl: 'https://strata.example:6443' });
    const write = createWorkspaceWriter(counting);
    const ref = { parentCluster: 'root', name: 'acme' };
    const out = await reconcileWorkspace(ref, created.body as Workspace, deps, signal, write);
    expect(out.requeue).toBe(false);
    await write(ref, out.stored, out.workspace, signal);

    const ws = (await dev.apiServer.request({ method: 'GET', path: `${wsPath}/acme` })).body as Workspace;
    expect(ws.status?.phase).toBe('Ready');
    expect(ws.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['WorkspaceScheduled=True', 'WorkspaceInitialized=True', 'Ready=True']);
    const id = ws.spec?.cluster ?? '';
    expect([...tombstones]).toEqual([`/registry/strata.dev/clusterids/${id}`]);
    expect(requests).toEqual([
      'PUT /clusters/root/apis/tenancy.strata.dev/v1alpha1/workspaces/acme',
      'POST /clusters/<id>/apis/core.strata.dev/v1alpha1/logicalclusters',
      'POST /clusters/<id>/api/v1/namespaces',
      'POST /clusters/<id>/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      'PUT /clusters/<id>/apis/core.strata.dev/v1alpha1/logicalclusters/cluster/status',
      'PUT /clusters/root/apis/tenancy.strata.dev/v1alpha1/workspaces/acme/status',
    ]);

    const at = (path: string) => dev.apiServer.request({ method: 'GET', path: `/clusters/${id}${path}` });
    const lc = await at('/apis/core.strata.dev/v1alpha1/logicalclusters/cluster');
    expect(lc.status).toBe(200);
    expect(lc.body).toMatchObject({ status: { phase: 'Ready', path: 'root:acme' } });
    expect((lc.body as Workspace).metadata.managedFields).toBeUndefined();
    expect((await at('/api/v1/namespaces/default')).status).toBe(200);
    expect((await at('/apis/rbac.authorization.k8s.io/v1/clusterroles/cluster-admin')).status).toBe(404);
    // The creator (the apiserver's owner annotation) is bound to the shared bootstrap role cluster-admin.
    const owner = JSON.parse(ws.metadata.annotations?.['tenancy.strata.dev/owner'] ?? '{}') as { username?: string };
    const binding = await at('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/workspace-admin');
    expect(binding.body).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: owner.username }] });
    expect(owner.username).toBeTruthy();
    expect((binding.body as Workspace).metadata.managedFields).toBeUndefined();
  }, 60_000);
});
