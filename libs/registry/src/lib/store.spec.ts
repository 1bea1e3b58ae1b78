import type { KubeObject } from '@strata/apimachinery';
import { FakeStorage } from '../testing/fake-storage';
import { createResourceRegistry } from './resource-registry';
import type { GenericStore } from './store';

const scope = { cluster: 'root', namespace: 'default' };
const cm = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({ metadata: { name }, data: { a: '1' }, ...extra });

function setup(): { storage: FakeStorage; configmaps: GenericStore; namespaces: GenericStore; finalize: GenericStore } {
  const storage = new FakeStorage();
  const registry = createResourceRegistry(storage);
  return {
    storage,
    configmaps: registry.lookup('', 'v1', 'configmaps')!.store,
    namespaces: registry.lookup('', 'v1', 'namespaces')!.store,
    finalize: registry.lookup('', 'v1', 'namespaces')!.subresources!['finalize']!.store,
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
      status: {
        code: 409,
        message: `Operation cannot be fulfilled on ConfigMap "app": the UID in the precondition (x) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`,
      },
    });
    await expect(configmaps.delete(scope, 'app', { dryRun: true })).resolves.toMatchObject({ status: 'Success' });
    await expect(configmaps.get(scope, 'app')).resolves.toBeDefined();
    await configmaps.delete(scope, 'app', { preconditions: { resourceVersion: created.metadata.resourceVersion } });
    await expect(configmaps.get(scope, 'app')).rejects.toMatchObject({ status: { code: 404 } });
  });

  it('deleting a namespace marks it Terminating, keeps its contents and removes it once finalized', async () => {
    const { storage, configmaps, namespaces, finalize } = setup();
    await namespaces.create({ cluster: 'root' }, { metadata: { name: 'team' } });
    await configmaps.create({ cluster: 'root', namespace: 'team' }, cm('a'));
    const terminating = await namespaces.delete({ cluster: 'root' }, 'team');
    expect(terminating).toMatchObject({ kind: 'Namespace', metadata: { name: 'team' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } });
    expect((terminating as KubeObject).metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(storage.data.has('/registry/core/configmaps/root/team/a')).toBe(true);
    await expect(configmaps.create({ cluster: 'root', namespace: 'team' }, cm('b'))).rejects.toMatchObject({
      status: {
        code: 403,
        reason: 'Forbidden',
        message: 'configmaps "b" is forbidden: unable to create new content in namespace team because it is being terminated',
        details: { name: 'b', kind: 'configmaps', causes: [{ reason: 'NamespaceTerminating', message: 'namespace team is being terminated', field: 'metadata.namespace' }] },
      },
    });
    // Still held by spec.finalizers: a second delete answers the namespace and changes nothing.
    const again = await namespaces.delete({ cluster: 'root' }, 'team');
    expect((again as KubeObject).metadata.resourceVersion).toBe((terminating as KubeObject).metadata.resourceVersion);
    const ns = await namespaces.get({ cluster: 'root' }, 'team');
    const finalized = await finalize.update({ cluster: 'root' }, 'team', { ...ns, spec: { finalizers: [] } });
    expect(finalized.spec).toEqual({ finalizers: [] });
    expect(storage.data.has('/registry/core/namespaces/root/team')).toBe(false);
  });

  it('refuses to delete the immortal namespaces', async () => {
    const { namespaces } = setup();
    await expect(namespaces.delete({ cluster: 'root' }, 'default')).rejects.toMatchObject({
      status: { code: 403, message: 'namespaces "default" is forbidden: this namespace may not be deleted' },
    });
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
