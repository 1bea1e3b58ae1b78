import type { KubeObject } from '@strata/apimachinery';
import { FakeStorage } from '../testing/fake-storage';
import { createResourceRegistry } from './resource-registry';
import type { GenericStore } from './store';

const scope = { cluster: 'root', namespace: 'default' };
const cm = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({ metadata: { name }, data: { a: '1' }, ...extra });

function setup(): { storage: FakeStorage; configmaps: GenericStore; namespaces: GenericStore } {
  const storage = new FakeStorage();
  const registry = createResourceRegistry(storage);
  return {
    storage,
    configmaps: registry.lookup('', 'v1', 'configmaps')!.store,
    namespaces: registry.lookup('', 'v1', 'namespaces')!.store,
  };
}

describe('GenericStore', () => {
  it('stores under the design key, bootstraps default and never stores resourceVersion', async () => {
    const { storage, configmaps } = setup();
    const created = await configmaps.create(scope, cm('app', { metadata: { name: 'app', resourceVersion: '99' } }));
    expect([...storage.data.keys()].sort()).toEqual(['/registry/core/configmaps/root/default/app', '/registry/core/namespaces/root/default']);
    const stored = JSON.parse(Buffer.from(storage.data.get('/registry/core/configmaps/root/default/app')!.value).toString());
    expect(stored.metadata.resourceVersion).toBeUndefined();
    expect(created.metadata.resourceVersion).toBe(String(storage.data.get('/registry/core/configmaps/root/default/app')!.modRevision));
    expect(created).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { namespace: 'default' } });
  });

  it('rejects creates into a missing namespace and a namespace mismatch', async () => {
    const { configmaps } = setup();
    await expect(configmaps.create({ cluster: 'root', namespace: 'nope' }, cm('a'))).rejects.toMatchObject({
      status: { code: 404, message: 'namespaces "nope" not found' },
    });
    await expect(configmaps.create(scope, cm('a', { metadata: { name: 'a', namespace: 'other' } }))).rejects.toMatchObject({
      status: { code: 400, message: 'the namespace of the provided object does not match the namespace sent on the request' },
    });
  });

  it('retries a generateName collision with a new suffix', async () => {
    const { storage, configmaps } = setup();
    const first = await configmaps.create(scope, { metadata: { generateName: 'gen-' } });
    expect(first.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    const realCreate = storage.create.bind(storage);
    let calls = 0;
    storage.create = async (key, value) => {
      calls++;
      if (calls === 1) return realCreate(first.metadata.name ? key.replace(/[^/]+$/, first.metadata.name) : key, value);
      return realCreate(key, value);
    };
    const second = await configmaps.create(scope, { metadata: { generateName: 'gen-' } });
    expect(calls).toBe(2);
    expect(second.metadata.name).not.toBe(first.metadata.name);
  });

  it('skips no-op updates and retries unconditional updates that lost a race', async () => {
    const { storage, configmaps } = setup();
    const created = await configmaps.create(scope, cm('app'));
    const writes = storage.writes;
    const same = await configmaps.update(scope, 'app', created);
    expect(storage.writes).toBe(writes);
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);

    storage.beforeUpdate = () => storage.put('/registry/core/configmaps/root/default/app', storage.data.get('/registry/core/configmaps/root/default/app')!.value);
    const { resourceVersion: _rv, ...meta } = created.metadata;
    const updated = await configmaps.update(scope, 'app', { ...created, metadata: meta, data: { a: '2' } });
    expect(updated.data).toEqual({ a: '2' });
  });

  it('checks delete preconditions with kube messages', async () => {
    const { configmaps } = setup();
    const created = await configmaps.create(scope, cm('app'));
    await expect(configmaps.delete(scope, 'app', { preconditions: { uid: 'x' } })).rejects.toMatchObject({
      status: { code: 409, message: `Operation cannot be fulfilled on configmaps "app": Precondition failed: UID in precondition: x, UID in object meta: ${created.metadata.uid}` },
    });
    await expect(configmaps.delete(scope, 'app', { dryRun: true })).resolves.toMatchObject({ status: 'Success' });
    await expect(configmaps.get(scope, 'app')).resolves.toBeDefined();
    await configmaps.delete(scope, 'app', { preconditions: { resourceVersion: created.metadata.resourceVersion } });
    await expect(configmaps.get(scope, 'app')).rejects.toMatchObject({ status: { code: 404 } });
  });

  it('deleting a namespace removes its contents and returns the namespace', async () => {
    const { storage, configmaps, namespaces } = setup();
    await namespaces.create({ cluster: 'root' }, { metadata: { name: 'team' } });
    await configmaps.create({ cluster: 'root', namespace: 'team' }, cm('a'));
    await configmaps.create(scope, cm('b'));
    const deleted = await namespaces.delete({ cluster: 'root' }, 'team');
    expect(deleted).toMatchObject({ kind: 'Namespace', metadata: { name: 'team' } });
    expect([...storage.data.keys()].filter((k) => k.includes('/team'))).toEqual([]);
    expect(storage.data.has('/registry/core/configmaps/root/default/b')).toBe(true);
  });

  it('validates namespaces as DNS-1123 labels and sets kube defaults', async () => {
    const { namespaces } = setup();
    await expect(namespaces.create({ cluster: 'root' }, { metadata: { name: 'a.b' } })).rejects.toMatchObject({
      status: { code: 422, reason: 'Invalid' },
    });
    const ns = await namespaces.create({ cluster: 'root' }, { metadata: { name: 'ok' } });
    expect(ns).toMatchObject({
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
      metadata: { labels: { 'kubernetes.io/metadata.name': 'ok' } },
    });
  });
});
