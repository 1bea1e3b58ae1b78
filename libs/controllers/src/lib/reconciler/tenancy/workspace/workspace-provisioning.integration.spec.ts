import { clusterIdTombstoneKey, randomClusterId } from '@strata/apimachinery';
import type { Storage } from '@strata/storage';
import { Etcd3Storage, createEtcdClient } from '@strata/storage-server';
import { recordingClient, useDevApiServer } from '../../../../testing/dev-api-server';
import { createWorkspaceApiDeps } from './workspace-api-deps';
import { DEFAULT_NAMESPACE, logicalClusterBody, workspaceAdminBinding } from './workspace-bootstrap';
import { reconcileWorkspace } from './workspace-reconcile';
import { createWorkspaceWriter } from './workspace-writer';
import { workspaceOwner } from './workspace-types';
import type { Workspace, WorkspaceRef } from './workspace-types';

type Obj = { metadata: Record<string, unknown>; [field: string]: unknown };

const WS_PATH = '/clusters/root/apis/tenancy.strata.dev/v1alpha1/workspaces';
const LC_PATH = '/apis/core.strata.dev/v1alpha1/logicalclusters';
const NS_PATH = '/api/v1/namespaces';
const CRB_PATH = '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings';
const workspaceKey = (name: string) => `/registry/tenancy.strata.dev/workspaces/root/${name}`;
const bootstrapKeys = (id: string) => [
  `/registry/core.strata.dev/logicalclusters/${id}/cluster`,
  `/registry/core/namespaces/${id}/default`,
  `/registry/rbac.authorization.k8s.io/clusterrolebindings/${id}/workspace-admin`,
];

describe('workspace provisioning (integration, real apiserver app + etcd)', () => {
  const dev = useDevApiServer('strata-ws-provision-');
  const signal = new AbortController().signal;
  let etcdClient: ReturnType<typeof createEtcdClient> | undefined;
  // The storage service the controller talks to, over the dev server's own etcd (the dev server does not run one).
  let storage: Storage;
  beforeAll(() => {
    etcdClient = createEtcdClient(dev.etcdEndpoint);
    storage = new Etcd3Storage({ etcdClient });
  });
  afterAll(() => etcdClient?.close());

  /** The controller's deps and writer, recording its apiserver requests (ids as <id>) and storage writes. */
  function controller() {
    const requests: string[] = [];
    const storageCalls: string[] = [];
    const counting = recordingClient(dev.apiServer, requests, (path) => path.replace(/\/clusters\/[a-z0-9]{14}\//, '/clusters/<id>/'));
    const recorded: Pick<Storage, 'create' | 'createAll' | 'count' | 'deletePrefixes'> = {
      create: (key, value, opts) => (storageCalls.push(`create ${key}`), storage.create(key, value, opts)),
      createAll: (items, opts) => (storageCalls.push(`createAll ${items.map((i) => i.key).join(' ')}`), storage.createAll(items, opts)),
      count: (prefix, opts) => storage.count(prefix, opts),
      deletePrefixes: (prefixes, opts) => storage.deletePrefixes(prefixes, opts),
    };
    const deps = createWorkspaceApiDeps({ apiServer: counting, storage: recorded, externalUrl: 'https://strata.example:6443' });
    return { requests, storageCalls, deps, write: createWorkspaceWriter(counting) };
  }

  async function createWorkspace(name: string): Promise<Workspace> {
    const created = await dev.apiServer.request({ method: 'POST', path: WS_PATH, body: { apiVersion: 'tenancy.strata.dev/v1alpha1', kind: 'Workspace', metadata: { name, labels: { team: 'a' } } } });
    expect(created.status).toBe(201);
    return created.body as Workspace;
  }

  const getIn = async (id: string, path: string, accept?: string) => dev.apiServer.request({ method: 'GET', path: `/clusters/${id}${path}`, accept });
  const storedValue = async (key: string) => Buffer.from((await storage.get(key)).kv.value).toString('utf8');

  it('one pass: [the id persisted,] one storage createAll of the three objects and the Workspace Ready, nothing through the API', async () => {
    const created = await createWorkspace('acme');
    // With the apiserver's admission assigning ids (another change), a Workspace arrives with spec.cluster and its
    // tombstone; without it, the controller reserves one and persists it first. Whichever this checkout's apiserver does:
    const admitted = !!created.spec?.cluster;
    const c = controller();
    const ref: WorkspaceRef = { parentCluster: 'root', name: 'acme' };
    const out = await reconcileWorkspace(ref, created, c.deps, signal, c.write);
    expect(out.requeue).toBe(false);
    await c.write(ref, out.stored, out.workspace, signal);

    const ws = (await dev.apiServer.request({ method: 'GET', path: `${WS_PATH}/acme` })).body as Workspace;
    expect(ws.status?.phase).toBe('Ready');
    expect(ws.status?.conditions?.map((cond) => `${cond.type}=${cond.status}`)).toEqual(['WorkspaceScheduled=True', 'WorkspaceInitialized=True', 'Ready=True']);
    const id = ws.spec?.cluster ?? '';
    expect(id).toMatch(/^[a-z0-9]{14}$/);
    expect(ws.spec?.URL).toMatch(/\/clusters\/root:acme$/);
    expect((await storage.get(clusterIdTombstoneKey(id))).kv.value.length).toBeGreaterThan(0);
    expect(c.requests).toEqual(admitted ? [] : [`PUT ${WS_PATH}/acme`]);
    expect(c.storageCalls).toEqual([...(admitted ? [] : [`create ${clusterIdTombstoneKey(id)}`]), `createAll ${[...bootstrapKeys(id), workspaceKey('acme')].join(' ')}`]);
    // One Txn: the three keys and the Workspace share one revision, which the Workspace reads as its resourceVersion.
    const revisions = await Promise.all([...bootstrapKeys(id), workspaceKey('acme')].map(async (key) => (await storage.get(key)).kv.modRevision));
    expect(new Set(revisions).size).toBe(1);
    expect(ws.metadata.resourceVersion).toBe(String(revisions[0]));
    // The Workspace as the apiserver serves it is what was stored (no resourceVersion in the value), and the
    // creator's managedFields survived the direct write; only the status changed since the create.
    const { resourceVersion: _rv, ...storedMeta } = ws.metadata;
    expect(await storedValue(workspaceKey('acme'))).toBe(JSON.stringify({ ...ws, metadata: storedMeta }));
    // The creator's entry (it set the label) is there.
    expect((ws.metadata['managedFields'] as unknown[]).length).toBeGreaterThan(0);
    const { status: _s1, metadata: m1, ...spec1 } = ws;
    // What was stored before the Txn: the create's answer, or the controller's own spec write's.
    const { status: _s2, metadata: m2, ...spec2 } = admitted ? created : out.stored;
    expect(spec1).toEqual(spec2);
    expect({ ...m1, resourceVersion: '-' }).toEqual({ ...m2, resourceVersion: '-' });

    // Read back through the apiserver, by id and by path.
    const lc = await getIn(id, `${LC_PATH}/cluster`);
    expect(lc.status).toBe(200);
    expect(lc.body).toMatchObject({ spec: { owner: { name: 'acme', cluster: 'root', uid: ws.metadata.uid } }, status: { phase: 'Ready', path: 'root:acme', URL: ws.spec?.URL } });
    expect((lc.body as Obj).metadata).not.toHaveProperty('managedFields');
    expect((lc.body as Obj).metadata['resourceVersion']).toBe(String(revisions[0]));
    const ns = await getIn('root:acme', `${NS_PATH}/default`);
    expect(ns.status).toBe(200);
    expect(ns.body).toMatchObject({ metadata: { labels: { 'kubernetes.io/metadata.name': 'default' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    // `kubectl get ns` (a Table LIST) and a plain LIST (spliced from the stored bytes) show it.
    const table = await getIn(id, NS_PATH, 'application/json;as=Table;v=v1;g=meta.k8s.io');
    expect(table.status).toBe(200);
    expect((table.body as { rows: { cells: unknown[] }[] }).rows.map((r) => r.cells.slice(0, 2))).toEqual([['default', 'Active']]);
    const list = await getIn(id, NS_PATH);
    expect((list.body as { items: unknown[] }).items).toEqual([ns.body]);
    expect((await getIn(id, '/apis/rbac.authorization.k8s.io/v1/clusterroles/cluster-admin')).status).toBe(404);
    // The creator (the apiserver's owner annotation) is bound to the shared bootstrap role cluster-admin.
    const owner = workspaceOwner(ws);
    expect(owner?.username).toBeTruthy();
    const binding = await getIn(id, `${CRB_PATH}/workspace-admin`);
    expect(binding.body).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: owner?.username }] });
    expect((binding.body as Obj).metadata).not.toHaveProperty('managedFields');

    // What the Txn stored is byte for byte what the apiserver stores for the same objects POSTed (into another
    // logical cluster), apart from uid and creationTimestamp; read through the API, they differ only there and in
    // resourceVersion.
    const refId = randomClusterId();
    const bodies: [string, Record<string, unknown>][] = [
      [LC_PATH, logicalClusterBody(ref, ws, 'root:acme', 'Ready')],
      [NS_PATH, DEFAULT_NAMESPACE],
      [CRB_PATH, workspaceAdminBinding(owner?.username ?? '')],
    ];
    for (const [path, body] of bodies) {
      const res = await dev.apiServer.request({ method: 'POST', path: `/clusters/${refId}${path}`, body });
      expect(res.status).toBe(201);
    }
    const keys = bootstrapKeys(id);
    const refKeys = bootstrapKeys(refId);
    for (let i = 0; i < keys.length; i++) {
      const ours = await storedValue(keys[i]);
      const theirs = await storedValue(refKeys[i]);
      const o = (JSON.parse(ours) as Obj).metadata;
      const t = (JSON.parse(theirs) as Obj).metadata;
      expect(o['uid']).not.toBe(t['uid']);
      expect(ours.replace(`"uid":"${o['uid']}"`, `"uid":"${t['uid']}"`).replace(`"creationTimestamp":"${o['creationTimestamp']}"`, `"creationTimestamp":"${t['creationTimestamp']}"`)).toBe(theirs);
      const [path, body] = bodies[i];
      const name = (body['metadata'] as { name: string }).name;
      const strip = (obj: Obj) => ({ ...obj, metadata: { ...obj.metadata, uid: '-', creationTimestamp: '-', resourceVersion: '-' } });
      const viaApi = await getIn(id, `${path}/${name}`);
      const refViaApi = await getIn(refId, `${path}/${name}`);
      expect(strip(viaApi.body as Obj)).toEqual(strip(refViaApi.body as Obj));
    }
  }, 60_000);

  it('objects an older controller left (the LogicalCluster alone, Initializing): the Txn writes nothing, the per-object path completes them as the API would', async () => {
    const created = await createWorkspace('legacy');
    const ref: WorkspaceRef = { parentCluster: 'root', name: 'legacy' };
    let ws = created;
    if (!ws.spec?.cluster) {
      // Scheduling alone (no writer: the pass stops at its persist), then its write: the id is stored.
      const c0 = controller();
      const scheduled = await reconcileWorkspace(ref, ws, c0.deps, signal);
      await c0.write(ref, ws, scheduled.workspace, signal);
      ws = (await dev.apiServer.request({ method: 'GET', path: `${WS_PATH}/legacy` })).body as Workspace;
    }
    const id = ws.spec?.cluster ?? '';
    const old = await dev.apiServer.request({ method: 'POST', path: `/clusters/${id}${LC_PATH}`, body: logicalClusterBody(ref, ws, 'root:legacy', 'Initializing') });
    expect(old.status).toBe(201);

    const c = controller();
    const out = await reconcileWorkspace(ref, ws, c.deps, signal, c.write);
    await c.write(ref, out.stored, out.workspace, signal);
    // The Txn (with the Workspace's status) wrote nothing: the LogicalCluster exists.
    expect(c.storageCalls).toEqual([`createAll ${[...bootstrapKeys(id), workspaceKey('legacy')].join(' ')}`]);
    expect(c.requests).toEqual([
      `POST /clusters/<id>${LC_PATH}`,
      `GET /clusters/<id>${LC_PATH}/cluster`,
      `POST /clusters/<id>${NS_PATH}`,
      `POST /clusters/<id>${CRB_PATH}`,
      `PUT /clusters/<id>${LC_PATH}/cluster/status`,
      `PUT ${WS_PATH}/legacy/status`,
    ]);
    expect(((await dev.apiServer.request({ method: 'GET', path: `${WS_PATH}/legacy` })).body as Workspace).status?.phase).toBe('Ready');
    expect((await getIn(id, `${LC_PATH}/cluster`)).body).toMatchObject({ metadata: { uid: (old.body as Obj).metadata['uid'] }, status: { phase: 'Ready' } });
    const ns = (await getIn(id, `${NS_PATH}/default`)).body as Obj;
    expect(ns).toMatchObject({ metadata: { labels: { 'kubernetes.io/metadata.name': 'default' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    expect(ns.metadata).not.toHaveProperty('managedFields');
    expect(((await getIn(id, `${CRB_PATH}/workspace-admin`)).body as Obj).metadata).not.toHaveProperty('managedFields');
  }, 60_000);
});
