import type { GarbageCollectorApi, GcObject, GcResource, OwnerReference } from './garbage-collector-api';
import { collectGarbage } from './garbage-collection-reconcile';

const configmaps: GcResource = { groupVersion: 'v1', group: '', plural: 'configmaps', kind: 'ConfigMap', namespaced: true, verbs: ['get', 'list', 'delete'] };
const clusterroles: GcResource = {
  groupVersion: 'rbac.authorization.k8s.io/v1',
  group: 'rbac.authorization.k8s.io',
  plural: 'clusterroles',
  kind: 'ClusterRole',
  namespaced: false,
  verbs: ['get', 'list', 'delete'],
};

/** An apiserver on a plain map with kube's finalizer rules; lists in pages of 2 with key-based continue tokens (as etcd). */
function fakeApi() {
  const objects = new Map<string, GcObject>();
  const calls: string[] = [];
  let rv = 1;
  let uid = 1;
  const key = (r: GcResource, ns: string | undefined, name: string) => `${r.plural}/${r.namespaced ? ns : ''}/${name}`;
  const put = (r: GcResource, obj: GcObject) => objects.set(key(r, obj.metadata.namespace, obj.metadata.name), obj);
  const api: GarbageCollectorApi = {
    async resources() {
      return [configmaps, clusterroles];
    },
    async listPage(r, token) {
      const keys = [...objects.keys()].filter((k) => k.startsWith(`${r.plural}/`) && (!token || k > token)).sort();
      const page = keys.slice(0, 2);
      return { items: page.map((k) => structuredClone(objects.get(k) as GcObject)), continue: keys.length > 2 ? page[1] : undefined };
    },
    async get(r, ns, name) {
      const o = objects.get(key(r, ns, name));
      return o && structuredClone(o);
    },
    async update(r, obj) {
      const k = key(r, obj.metadata.namespace, obj.metadata.name);
      const cur = objects.get(k);
      if (!cur || cur.metadata.resourceVersion !== obj.metadata.resourceVersion) return undefined;
      calls.push(`update ${obj.metadata.name} refs=${(obj.metadata.ownerReferences ?? []).map((o) => o.name).join(',')} fin=${(obj.metadata.finalizers ?? []).join(',')}`);
      if (cur.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).length === 0) {
        objects.delete(k);
        return obj;
      }
      const next = structuredClone({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(++rv) } });
      objects.set(k, next);
      return structuredClone(next);
    },
    async delete(r, obj) {
      const k = key(r, obj.metadata.namespace, obj.metadata.name);
      const cur = objects.get(k);
      if (!cur || cur.metadata.uid !== obj.metadata.uid) return;
      calls.push(`delete ${obj.metadata.name}`);
      if ((cur.metadata.finalizers ?? []).length > 0) cur.metadata.deletionTimestamp = '2025-01-01T00:00:00Z';
      else objects.delete(k);
    },
  };
  const create = (r: GcResource, name: string, meta: Partial<GcObject['metadata']> = {}, ns = r.namespaced ? 'default' : undefined): GcObject => {
    const obj: GcObject = { metadata: { name, namespace: ns, uid: `uid-${uid++}`, resourceVersion: String(++rv), ...meta } };
    put(r, obj);
    return obj;
  };
  const ref = (o: GcObject, kind = 'ConfigMap', apiVersion = 'v1'): OwnerReference => ({ apiVersion, kind, name: o.metadata.name, uid: o.metadata.uid ?? '' });
  const has = (r: GcResource, name: string, ns = r.namespaced ? 'default' : undefined) => objects.get(key(r, ns, name));
  return { api, calls, create, ref, has };
}

describe('collectGarbage', () => {
  it('deletes dependents whose owners are all gone, and keeps those with a live owner', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner');
    f.create(configmaps, 'kept', { ownerReferences: [f.ref(owner)] });
    const ghost = { metadata: { name: 'ghost', uid: 'uid-gone' } } as GcObject;
    f.create(configmaps, 'orphaned-a', { ownerReferences: [f.ref(ghost)] });
    f.create(configmaps, 'orphaned-b', { ownerReferences: [f.ref(ghost)] });
    // Same name, other uid: the owner was recreated, the reference still dangles.
    f.create(configmaps, 'replaced', { ownerReferences: [{ ...f.ref(owner), uid: 'uid-old' }] });

    const result = await collectGarbage(f.api);

    expect(f.has(configmaps, 'kept')).toBeDefined();
    expect(f.has(configmaps, 'orphaned-a')).toBeUndefined();
    expect(f.has(configmaps, 'orphaned-b')).toBeUndefined();
    expect(f.has(configmaps, 'replaced')).toBeUndefined();
    expect(result.deleted).toBe(3);
  });

  it('drops only the dangling references when another owner is alive', async () => {
    const f = fakeApi();
    const alive = f.create(configmaps, 'alive');
    const ghost = { metadata: { name: 'ghost', uid: 'uid-gone' } } as GcObject;
    f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost), f.ref(alive)] });

    await collectGarbage(f.api);

    expect(f.has(configmaps, 'dep')?.metadata.ownerReferences?.map((r) => r.name)).toEqual(['alive']);
  });

  it('leaves dependents alone when the owner kind is unknown to discovery', async () => {
    const f = fakeApi();
    f.create(configmaps, 'dep', { ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: 'uid-w' }] });

    await collectGarbage(f.api);

    expect(f.has(configmaps, 'dep')).toBeDefined();
    expect(f.calls).toEqual([]);
  });

  it('orphan: drops the owner reference from every dependent, then the orphan finalizer (owner goes)', async () => {
    const f = fakeApi();
    const other = f.create(configmaps, 'other');
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['orphan'] });
    f.create(configmaps, 'dep-1', { ownerReferences: [f.ref(owner)] });
    f.create(configmaps, 'dep-2', { ownerReferences: [f.ref(owner), f.ref(other)] });
    f.create(configmaps, 'elsewhere', { ownerReferences: [f.ref(owner)] }, 'other-ns');

    const result = await collectGarbage(f.api);

    expect(f.has(configmaps, 'owner')).toBeUndefined();
    expect(f.has(configmaps, 'dep-1')?.metadata.ownerReferences).toEqual([]);
    expect(f.has(configmaps, 'dep-2')?.metadata.ownerReferences?.map((r) => r.name)).toEqual(['other']);
    // A namespaced owner owns nothing in another namespace: there the owner is absent, so the background rule deletes it.
    expect(f.has(configmaps, 'elsewhere', 'other-ns')).toBeUndefined();
    expect(f.calls).not.toContain('update elsewhere refs= fin=');
    expect(result.finalized).toBe(1);
  });

  it('orphan keeps the finalizer when a dependent changed meanwhile (retried next pass)', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['orphan'] });
    f.create(configmaps, 'dep', { ownerReferences: [f.ref(owner)] });
    const update = f.api.update.bind(f.api);
    let conflicts = 1;
    f.api.update = async (r, obj, signal) => (obj.metadata.name === 'dep' && conflicts-- > 0 ? undefined : update(r, obj, signal));

    expect((await collectGarbage(f.api)).pending).toBe(1);
    expect(f.has(configmaps, 'owner')?.metadata.finalizers).toEqual(['orphan']);
    await collectGarbage(f.api);
    expect(f.has(configmaps, 'owner')).toBeUndefined();
    expect(f.has(configmaps, 'dep')?.metadata.ownerReferences).toEqual([]);
  });

  it('foreground: deletes dependents, waits while one is held by a finalizer, then drops foregroundDeletion', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['foregroundDeletion', 'example.com/keep'] });
    f.create(configmaps, 'dep', { ownerReferences: [f.ref(owner)] });
    f.create(configmaps, 'held', { ownerReferences: [f.ref(owner)], finalizers: ['example.com/hold'] });
    f.create(configmaps, 'unrelated');

    const first = await collectGarbage(f.api);
    expect(first).toMatchObject({ deleted: 2, finalized: 0, pending: 1 });
    expect(f.has(configmaps, 'dep')).toBeUndefined();
    expect(f.has(configmaps, 'held')?.metadata.deletionTimestamp).toBeDefined();
    expect(f.has(configmaps, 'owner')?.metadata.finalizers).toContain('foregroundDeletion');

    const held = f.has(configmaps, 'held') as GcObject;
    await f.api.update(configmaps, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    expect((await collectGarbage(f.api)).finalized).toBe(1);
    // Other finalizers stay: the owner remains until their owners remove them.
    expect(f.has(configmaps, 'owner')?.metadata.finalizers).toEqual(['example.com/keep']);
    expect(f.has(configmaps, 'unrelated')).toBeDefined();
  });

  it('a cluster-scoped owner owns dependents in every namespace', async () => {
    const f = fakeApi();
    const owner = f.create(clusterroles, 'admin', { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] });
    const ref = f.ref(owner, 'ClusterRole', 'rbac.authorization.k8s.io/v1');
    f.create(configmaps, 'a', { ownerReferences: [ref] }, 'ns-a');
    f.create(configmaps, 'b', { ownerReferences: [ref] }, 'ns-b');

    await collectGarbage(f.api);
    expect(f.has(configmaps, 'a', 'ns-a')).toBeUndefined();
    expect(f.has(configmaps, 'b', 'ns-b')).toBeUndefined();
    await collectGarbage(f.api);
    expect(f.has(clusterroles, 'admin')).toBeUndefined();
  });

  it('stops writing at the per-pass bound and finishes on later passes', async () => {
    const f = fakeApi();
    const ghost = { metadata: { name: 'ghost', uid: 'uid-gone' } } as GcObject;
    for (let i = 0; i < 5; i++) f.create(configmaps, `dep-${i}`, { ownerReferences: [f.ref(ghost)] });
    const limits = { maxWrites: 2, maxOwnerLookups: 10, maxOwners: 10 };

    expect((await collectGarbage(f.api, undefined, limits)).deleted).toBe(2);
    expect((await collectGarbage(f.api, undefined, limits)).deleted).toBe(2);
    expect((await collectGarbage(f.api, undefined, limits)).deleted).toBe(1);
    expect(f.calls.filter((c) => c.startsWith('delete'))).toHaveLength(5);
  });
});
