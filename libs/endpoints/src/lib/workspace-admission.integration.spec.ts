import { Etcd3 } from 'etcd3';
import { CLUSTER_ID_TOMBSTONE_PREFIX, clusterIdTombstoneKey } from '@strata/apimachinery';
import { createReadyWorkspace } from '../testing/ready-workspace';
import { TEST_TOKEN, startTestApiServer } from '../testing/test-api-server';
import type { TestApiServer } from '../testing/test-api-server';

// Responses are arbitrary JSON checked field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const WS = '/apis/tenancy.strata.dev/v1alpha1/workspaces';
const BOB_TOKEN = 'bob-token';
const GENERATED_ID = /^[a-z][a-z0-9]{13}$/;

describe('a Workspace gets its logical cluster at create (integration, real etcd)', () => {
  let server: TestApiServer;
  let etcdClient: Etcd3;
  let orgId = '';

  beforeAll(async () => {
    server = await startTestApiServer({ users: { [BOB_TOKEN]: { username: 'bob', uid: 'u-bob', groups: ['system:authenticated'] } } });
    etcdClient = new Etcd3({ hosts: server.etcd.endpoint });
  }, 30_000);

  afterAll(async () => {
    etcdClient?.close();
    await server?.stop();
  });

  async function call(method: string, path: string, body?: unknown, token = TEST_TOKEN): Promise<{ code: number; json: Json }> {
    const res = await fetch(server.url + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { code: res.status, json: text ? JSON.parse(text) : undefined };
  }
  const ws = (name: string, spec: Record<string, unknown> = {}) => ({ apiVersion: 'tenancy.strata.dev/v1alpha1', kind: 'Workspace', metadata: { name }, spec });

  /** The create revision of `key` in etcd, or undefined when absent. */
  async function createRevision(key: string): Promise<string | undefined> {
    const res = await etcdClient.get(key).exec();
    return res.kvs[0]?.create_revision;
  }
  const tombstones = async () => (await etcdClient.getAll().prefix(CLUSTER_ID_TOMBSTONE_PREFIX).keys()).sort();

  /** Checks a created Workspace's id and URL, and that etcd holds it and its tombstone from one Txn. */
  async function expectAssigned(created: { code: number; json: Json }, parentCluster: string, path: string): Promise<string> {
    expect(created.code).toBe(201);
    const id = created.json.spec.cluster;
    expect(id).toMatch(GENERATED_ID);
    expect(created.json.spec.URL).toBe(`${server.url}/clusters/${path}`);
    expect(created.json.status).toEqual({ phase: 'Scheduling' });
    const wsRevision = await createRevision(`/registry/tenancy.strata.dev/workspaces/${parentCluster}/${created.json.metadata.name}`);
    expect(wsRevision).toBe(created.json.metadata.resourceVersion);
    expect(await createRevision(clusterIdTombstoneKey(id))).toBe(wsRevision);
    return id;
  }

  it('assigns spec.cluster and spec.URL to a Workspace created in root, reserving the id in the same Txn', async () => {
    const created = await call('POST', WS, ws('acme', { cluster: 'stolen1', URL: 'https://evil/clusters/root:victim' }), BOB_TOKEN);
    const id = await expectAssigned(created, 'root', 'root:acme');
    expect((await call('GET', `${WS}/acme`)).json.spec).toEqual(created.json.spec);
    expect(await tombstones()).toEqual([clusterIdTombstoneKey(id)]);
    expect(await createRevision(clusterIdTombstoneKey('stolen1'))).toBeUndefined();
  });

  it('keeps AlreadyExists for a taken name and writes nothing on a dry run', async () => {
    const before = await tombstones();
    const again = await call('POST', WS, ws('acme'));
    expect(again.code).toBe(409);
    expect(again.json).toMatchObject({ reason: 'AlreadyExists', message: 'workspaces.tenancy.strata.dev "acme" already exists' });
    const dry = await call('POST', `${WS}?dryRun=All`, ws('dry'));
    expect(dry.code).toBe(201);
    expect(dry.json.spec).toEqual({ type: { name: 'universal', path: 'root' } });
    expect((await call('GET', `${WS}/dry`)).code).toBe(404);
    expect(await tombstones()).toEqual(before);
  });

  it('names generated Workspaces in their URL', async () => {
    const created = await call('POST', WS, { apiVersion: 'tenancy.strata.dev/v1alpha1', kind: 'Workspace', metadata: { generateName: 'gen-' } });
    expect(created.json.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    await expectAssigned(created, 'root', `root:${created.json.metadata.name}`);
  });

  it('gives a child its parent path whether the parent is addressed by path or by id', async () => {
    orgId = await createReadyWorkspace(server.url, 'root', 'org');
    expect(orgId).toMatch(GENERATED_ID);
    await expectAssigned(await call('POST', `/clusters/root:org${WS}`, ws('by-path'), BOB_TOKEN), orgId, 'root:org:by-path');
    // Resolved by id (a user): the resolver read the LogicalCluster and knows its path.
    await expectAssigned(await call('POST', `/clusters/${orgId}${WS}`, ws('by-id'), BOB_TOKEN), orgId, 'root:org:by-id');
    // Addressed by id without resolution (a privileged client): the store reads the LogicalCluster's path.
    await expectAssigned(await call('POST', `/clusters/${orgId}${WS}`, ws('by-id-direct')), orgId, 'root:org:by-id-direct');

    const teamId = await createReadyWorkspace(server.url, 'root:org', 'by-path', { existing: true, parentCluster: orgId });
    await expectAssigned(await call('POST', `/clusters/root:org:by-path${WS}`, ws('deep')), teamId, 'root:org:by-path:deep');
  });

  it('refuses a Workspace in a logical cluster that was never provisioned', async () => {
    const res = await call('POST', `/clusters/zz9unprovisioned${WS}`, ws('orphan'));
    expect(res.code).toBe(404);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'workspace "zz9unprovisioned" not found' });
  });

  it('keeps spec.cluster and spec.URL immutable', async () => {
    const current = (await call('GET', `${WS}/acme`)).json;
    const moved = await call('PUT', `${WS}/acme`, { ...current, spec: { ...current.spec, cluster: 'other1234', URL: 'https://evil/clusters/root:acme' } });
    expect(moved.code).toBe(422);
    expect(moved.json.details.causes.map((c: Json) => c.field)).toEqual(['spec.cluster', 'spec.URL']);
  });
});
