import { CLUSTER_ID_TOMBSTONE_PREFIX, clusterIdTombstoneKey, isStatusError } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import { FakeStorage } from '../../../testing/fake-storage';
import type { RequestScope } from '../../store';
import { workspaceResource } from './workspace-resource';
import { WorkspaceStore } from './workspace-store';

const EXTERNAL = 'https://strata.example:6443';
const wsKey = (cluster: string, name: string) => `/registry/tenancy.strata.dev/workspaces/${cluster}/${name}`;
const lcKey = (cluster: string) => `/registry/core.strata.dev/logicalclusters/${cluster}/cluster`;
const ws = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'tenancy.strata.dev/v1alpha1',
  kind: 'Workspace',
  metadata: { name },
  spec,
});
const root: RequestScope = { cluster: 'root', user: { username: 'bob', groups: [] } };

/** A store over a fresh FakeStorage whose ids come from `ids` in order (then id1, id2, ...). */
function setup(ids: string[] = []): { storage: FakeStorage; store: WorkspaceStore; drawn: string[] } {
  const storage = new FakeStorage();
  const drawn: string[] = [];
  let n = 0;
  const newClusterId = () => {
    const id = ids.shift() ?? `id${++n}`;
    drawn.push(id);
    return id;
  };
  // The trailing slash is dropped, as the workspace-controller drops it from the same setting.
  return { storage, store: new WorkspaceStore({ storage, resource: workspaceResource, externalUrl: `${EXTERNAL}/`, newClusterId }), drawn };
}

function stored(storage: FakeStorage, key: string): KubeObject {
  const kv = storage.data.get(key);
  if (!kv) throw new Error(`${key} is not stored`);
  return JSON.parse(Buffer.from(kv.value).toString('utf8')) as KubeObject;
}

function tombstones(storage: FakeStorage): string[] {
  return [...storage.data.keys()].filter((k) => k.startsWith(CLUSTER_ID_TOMBSTONE_PREFIX)).sort();
}

async function rejection(p: Promise<unknown>): Promise<{ code: number; reason: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (isStatusError(err)) return { code: err.code, reason: err.status.reason ?? '', message: err.message };
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('WorkspaceStore create: the logical cluster is assigned at admission', () => {
  it('sets spec.cluster and spec.URL and writes the Workspace and the id tombstone in one write', async () => {
    const { storage, store } = setup(['c1acme']);
    const writes = storage.writes;
    const created = await store.create(root, ws('acme'));
    expect(created['spec']).toEqual({ type: { name: 'universal', path: 'root' }, cluster: 'c1acme', URL: `${EXTERNAL}/clusters/root:acme` });
    expect(created['status']).toEqual({ phase: 'Scheduling' });
    expect(stored(storage, wsKey('root', 'acme'))['spec']).toEqual(created['spec']);
    expect(tombstones(storage)).toEqual([clusterIdTombstoneKey('c1acme')]);
    expect(Buffer.from(storage.data.get(clusterIdTombstoneKey('c1acme'))!.value).toString()).toBe('{}');
    // One createAll: one write, both keys born at the same revision.
    expect(storage.writes).toBe(writes + 1);
    expect(storage.data.get(clusterIdTombstoneKey('c1acme'))!.createRevision).toBe(storage.data.get(wsKey('root', 'acme'))!.createRevision);
    expect(created.metadata.resourceVersion).toBe(String(storage.data.get(wsKey('root', 'acme'))!.modRevision));
  });

  it('never keeps a client-supplied spec.cluster or spec.URL', async () => {
    const { storage, store } = setup(['c1mine']);
    const created = await store.create(root, ws('acme', { cluster: 'stolen', URL: 'https://evil/clusters/root:victim' }));
    expect(created['spec']).toMatchObject({ cluster: 'c1mine', URL: `${EXTERNAL}/clusters/root:acme` });
    expect(tombstones(storage)).toEqual([clusterIdTombstoneKey('c1mine')]);
  });

  it('tries another id when the tombstone of the drawn one exists, writing nothing for the taken one', async () => {
    const { storage, store, drawn } = setup(['taken1', 'taken2', 'fresh3']);
    storage.put(clusterIdTombstoneKey('taken1'), Buffer.from('{}'));
    storage.put(clusterIdTombstoneKey('taken2'), Buffer.from('{}'));
    const writes = storage.writes;
    const created = await store.create(root, ws('acme'));
    expect(drawn).toEqual(['taken1', 'taken2', 'fresh3']);
    expect(created['spec']).toMatchObject({ cluster: 'fresh3' });
    expect(stored(storage, wsKey('root', 'acme'))['spec']).toMatchObject({ cluster: 'fresh3' });
    expect(storage.writes).toBe(writes + 1);
  });

  it('answers 500 when no drawn id is free, and stores no Workspace', async () => {
    const { storage, store, drawn } = setup(Array.from({ length: 8 }, () => 'same'));
    storage.put(clusterIdTombstoneKey('same'), Buffer.from('{}'));
    const err = await rejection(store.create(root, ws('acme')));
    expect(err).toEqual({ code: 500, reason: 'InternalError', message: 'Internal error occurred: no free logical cluster id for workspace "acme" after 8 attempts' });
    expect(drawn).toHaveLength(8);
    expect(storage.data.has(wsKey('root', 'acme'))).toBe(false);
  });

  it('answers the usual 409 AlreadyExists for a taken name, reserving no id', async () => {
    const { storage, store } = setup(['c1acme', 'c2again']);
    await store.create(root, ws('acme'));
    const err = await rejection(store.create(root, ws('acme')));
    expect(err).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'workspaces.tenancy.strata.dev "acme" already exists' });
    expect(tombstones(storage)).toEqual([clusterIdTombstoneKey('c1acme')]);
    expect(stored(storage, wsKey('root', 'acme'))['spec']).toMatchObject({ cluster: 'c1acme' });
  });

  it('retries a generateName collision with a new name and a new id; the URL names the generated name', async () => {
    const { storage, store } = setup(['c1lost', 'c2won']);
    const realCreateAll = storage.createAll.bind(storage);
    let calls = 0;
    storage.createAll = async (items) => {
      // Someone takes the first generated name just before our Txn.
      if (++calls === 1) storage.put(items[0].key, Buffer.from('{}'));
      return realCreateAll(items);
    };
    const created = await store.create(root, { metadata: { generateName: 'team-' } });
    const name = created.metadata.name ?? '';
    expect(calls).toBe(2);
    expect(name).toMatch(/^team-[a-z0-9]{5}$/);
    expect(created['spec']).toMatchObject({ cluster: 'c2won', URL: `${EXTERNAL}/clusters/root:${name}` });
    expect(tombstones(storage)).toEqual([clusterIdTombstoneKey('c2won')]);
  });

  it('writes nothing on a dry run: no Workspace, no tombstone, no id', async () => {
    const { storage, store, drawn } = setup();
    const writes = storage.writes;
    const created = await store.create(root, ws('acme', { cluster: 'stolen' }), { dryRun: true });
    expect(created.metadata.name).toBe('acme');
    expect(created['spec']).toEqual({ type: { name: 'universal', path: 'root' } });
    expect(storage.writes).toBe(writes);
    expect(storage.data.size).toBe(0);
    expect(drawn).toEqual([]);
  });

  it('names the parent by the path the request knows, else by its LogicalCluster status.path', async () => {
    const { storage, store } = setup(['c2team', 'c3deep']);
    const byPath = await store.create({ cluster: 'c1acme', workspacePath: 'root:acme' }, ws('team'));
    expect(byPath['spec']).toMatchObject({ cluster: 'c2team', URL: `${EXTERNAL}/clusters/root:acme:team` });
    expect(storage.data.has(wsKey('c1acme', 'team'))).toBe(true);

    storage.put(lcKey('c2team'), Buffer.from(JSON.stringify({ kind: 'LogicalCluster', metadata: { name: 'cluster' }, status: { phase: 'Ready', path: 'root:acme:team' } })));
    const byId = await store.create({ cluster: 'c2team' }, ws('deep'));
    expect(byId['spec']).toMatchObject({ cluster: 'c3deep', URL: `${EXTERNAL}/clusters/root:acme:team:deep` });
  });

  it('refuses a parent that is not provisioned: 404 without a LogicalCluster, 403 while it has no path', async () => {
    const { storage, store } = setup();
    expect(await rejection(store.create({ cluster: 'c9none' }, ws('x')))).toMatchObject({ code: 404, message: 'workspace "c9none" not found' });
    storage.put(lcKey('c8new'), Buffer.from(JSON.stringify({ kind: 'LogicalCluster', metadata: { name: 'cluster' }, status: { phase: 'Scheduling' } })));
    expect(await rejection(store.create({ cluster: 'c8new' }, ws('x')))).toMatchObject({ code: 403, message: 'workspace "c8new" is not ready (phase Scheduling)' });
    expect(tombstones(storage)).toEqual([]);
  });
});

describe('WorkspaceStore delete', () => {
  it('marks a Workspace its finalizer holds deleted and Terminating in one write', async () => {
    const { storage, store } = setup(['c1gone']);
    await store.create(root, ws('gone'));
    const writes = storage.writes;
    const outcome = await store.deleteObject(root, 'gone');
    expect(outcome.deleted).toBe(false);
    expect(storage.writes).toBe(writes + 1);
    const held = stored(storage, wsKey('root', 'gone'));
    expect(held.metadata.deletionTimestamp).toBeDefined();
    expect(held['status']).toEqual({ phase: 'Terminating' });
    expect((outcome.result as KubeObject)['status']).toEqual({ phase: 'Terminating' });
    // Deleting again changes nothing: no write.
    await store.deleteObject(root, 'gone');
    expect(storage.writes).toBe(writes + 1);
  });
});
