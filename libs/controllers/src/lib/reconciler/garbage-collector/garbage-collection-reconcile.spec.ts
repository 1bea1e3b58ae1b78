import type { GarbageCollectorApi, GcObject, GcResource, OwnerReference } from './garbage-collector-api';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, attemptToDeleteDependent, processDeletingOwner } from './garbage-collection-reconcile';
import type { DeletingOwnerNode, DependentNode } from './gc-graph';

const configmaps: GcResource = { groupVersion: 'v1', group: '', plural: 'configmaps', kind: 'ConfigMap', namespaced: true, verbs: ['get', 'list', 'watch', 'delete'] };
const clusterroles: GcResource = {
  groupVersion: 'rbac.authorization.k8s.io/v1',
  group: 'rbac.authorization.k8s.io',
  plural: 'clusterroles',
  kind: 'ClusterRole',
  namespaced: false,
  verbs: ['get', 'list', 'watch', 'delete'],
};
const served = [configmaps, clusterroles];
const resourceOf = (group: string, kind: string) => served.find((r) => r.group === group && r.kind === kind);
const DELETED_AT = '2025-01-01T00:00:00Z';

/** One workspace's apiserver on a plain map with kube's finalizer rules and optimistic concurrency; records its writes. */
function fakeApi() {
  const objects = new Map<string, GcObject>();
  const calls: string[] = [];
  let rv = 1;
  let uid = 1;
  const key = (r: GcResource, ns: string | undefined, name: string) => `${r.plural}/${r.namespaced ? ns : ''}/${name}`;
  const api: GarbageCollectorApi = {
    async resources() {
      return served;
    },
    async get(r, ns, name) {
      calls.push(`get ${r.plural} ${name}`);
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
        return structuredClone(obj);
      }
      const next = structuredClone({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(++rv) } });
      objects.set(k, next);
      return structuredClone(next);
    },
    async delete(r, obj, _signal, policy = 'Background') {
      const k = key(r, obj.metadata.namespace, obj.metadata.name);
      const cur = objects.get(k);
      calls.push(`delete ${obj.metadata.name} uid=${obj.metadata.uid}${policy === 'Background' ? '' : ` ${policy}`}`);
      // The preconditions: an object replaced (uid) or changed (resourceVersion) since answers 409 and stays.
      if (!cur || cur.metadata.uid !== obj.metadata.uid) return false;
      if (obj.metadata.resourceVersion && cur.metadata.resourceVersion !== obj.metadata.resourceVersion) return false;
      if ((cur.metadata.finalizers ?? []).length > 0) {
        cur.metadata.deletionTimestamp ??= DELETED_AT;
        cur.metadata.resourceVersion = String(++rv);
      } else objects.delete(k);
      return true;
    },
  };
  const create = (r: GcResource, name: string, meta: Partial<GcObject['metadata']> = {}, ns = r.namespaced ? 'default' : undefined): GcObject => {
    const obj: GcObject = { metadata: { name, ...(ns ? { namespace: ns } : {}), uid: `uid-${uid++}`, resourceVersion: String(++rv), ...meta } };
    objects.set(key(r, ns, name), obj);
    return structuredClone(obj);
  };
  const ref = (o: GcObject, kind = 'ConfigMap', apiVersion = 'v1'): OwnerReference => ({ apiVersion, kind, name: o.metadata.name, uid: o.metadata.uid ?? '' });
  const has = (r: GcResource, name: string, ns = r.namespaced ? 'default' : undefined) => objects.get(key(r, ns, name));
  const writes = () => calls.filter((c) => !c.startsWith('get '));
  return { api, calls, writes, create, ref, has };
}

/** The graph's view of an object with ownerReferences, as a watch delivered it. */
function dependentNode(resource: GcResource, obj: GcObject): DependentNode {
  return {
    resource,
    cluster: 'c1',
    name: obj.metadata.name,
    uid: obj.metadata.uid as string,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    ownerReferences: obj.metadata.ownerReferences ?? [],
    deleting: !!obj.metadata.deletionTimestamp,
  };
}

function ownerNode(resource: GcResource, obj: GcObject): DeletingOwnerNode {
  const finalizers = obj.metadata.finalizers ?? [];
  return {
    resource,
    cluster: 'c1',
    name: obj.metadata.name,
    uid: obj.metadata.uid as string,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    orphan: finalizers.includes(ORPHAN_FINALIZER),
    foreground: finalizers.includes(FOREGROUND_FINALIZER),
  };
}

const ghost = { metadata: { name: 'ghost', uid: 'uid-gone' } } as GcObject;
const processOwner = (api: GarbageCollectorApi, owner: DeletingOwnerNode, dependents: DependentNode[]) => processDeletingOwner(api, owner, dependents, resourceOf);
const blocking = (r: OwnerReference): OwnerReference => ({ ...r, blockOwnerDeletion: true });

describe('attemptToDeleteDependent', () => {
  it('deletes a dependent whose owners are all gone, with its uid as precondition', async () => {
    const f = fakeApi();
    const dep = f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost), f.ref({ metadata: { name: 'ghost-2', uid: 'uid-gone-2' } })] });

    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, dep), resourceOf)).toBe('deleted');
    expect(f.has(configmaps, 'dep')).toBeUndefined();
    expect(f.writes()).toEqual([`delete dep uid=${dep.metadata.uid}`]);
  });

  it('does not delete an object recreated under the same name (it reads the uid first)', async () => {
    const f = fakeApi();
    const dep = f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost)] });
    const seen = dependentNode(configmaps, dep);
    f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost)] });

    expect(await attemptToDeleteDependent(f.api, seen, resourceOf)).toBe('kept');
    expect(f.writes()).toEqual([]);
    expect(f.has(configmaps, 'dep')?.metadata.uid).not.toBe(dep.metadata.uid);
  });

  it('drops only the dangling references when another owner is alive', async () => {
    const f = fakeApi();
    const alive = f.create(configmaps, 'alive');
    const dep = f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost), f.ref(alive)] });

    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, dep), resourceOf)).toBe('updated');
    expect(f.has(configmaps, 'dep')?.metadata.ownerReferences?.map((r) => r.name)).toEqual(['alive']);
    expect(f.writes()).toEqual(['update dep refs=alive fin=']);
  });

  it('keeps a dependent whose owner is there, without writing', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner');
    const dep = f.create(configmaps, 'dep', { ownerReferences: [f.ref(owner)] });

    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, dep), resourceOf)).toBe('kept');
    expect(f.has(configmaps, 'dep')).toBeDefined();
    expect(f.writes()).toEqual([]);
  });

  it('treats an owner of another uid under the same name as gone (it was recreated)', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner');
    const dep = f.create(configmaps, 'dep', { ownerReferences: [{ ...f.ref(owner), uid: 'uid-old' }] });

    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, dep), resourceOf)).toBe('deleted');
    expect(f.has(configmaps, 'dep')).toBeUndefined();
    expect(f.has(configmaps, 'owner')).toBeDefined();
  });

  it('looks a namespaced owner up in the namespace of its dependent', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner', {}, 'ns-a');
    const inA = f.create(configmaps, 'dep', { ownerReferences: [f.ref(owner)] }, 'ns-a');
    // The same reference from another namespace points at a ConfigMap that does not exist there.
    const inB = f.create(configmaps, 'dep', { ownerReferences: [f.ref(owner)] }, 'ns-b');

    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, inA), resourceOf)).toBe('kept');
    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, inB), resourceOf)).toBe('deleted');
    expect(f.has(configmaps, 'dep', 'ns-a')).toBeDefined();
    expect(f.has(configmaps, 'dep', 'ns-b')).toBeUndefined();
  });

  it('looks a cluster-scoped owner up outside any namespace', async () => {
    const f = fakeApi();
    const role = f.create(clusterroles, 'admin');
    const dep = f.create(configmaps, 'dep', { ownerReferences: [f.ref(role, 'ClusterRole', 'rbac.authorization.k8s.io/v1')] }, 'ns-a');

    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, dep), resourceOf)).toBe('kept');
    expect(f.calls).toEqual(['get configmaps dep', 'get clusterroles admin']);
  });

  it('treats a namespaced owner of a cluster-scoped dependent as absent, without looking it up', async () => {
    const f = fakeApi();
    // A ConfigMap of that name exists in 'default', but a cluster-scoped object cannot be owned by it.
    const cm = f.create(configmaps, 'owner');
    const role = f.create(clusterroles, 'admin', { ownerReferences: [f.ref(cm)] });

    expect(await attemptToDeleteDependent(f.api, dependentNode(clusterroles, role), resourceOf)).toBe('deleted');
    expect(f.has(clusterroles, 'admin')).toBeUndefined();
    expect(f.calls.filter((c) => c.startsWith('get configmaps'))).toEqual([]);
  });

  it('leaves a dependent alone when an owner kind is not served', async () => {
    const f = fakeApi();
    const dep = f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost), { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: 'uid-w' }] });

    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, dep), resourceOf)).toBe('unresolvable');
    expect(f.has(configmaps, 'dep')?.metadata.ownerReferences).toHaveLength(2);
    expect(f.writes()).toEqual([]);
  });

  it('leaves a dependent being deleted to its finalizers', async () => {
    const f = fakeApi();
    const dep = f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost)], deletionTimestamp: DELETED_AT, finalizers: ['example.com/hold'] });

    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, dep), resourceOf)).toBe('kept');
    expect(f.calls).toEqual([]);
  });

  it('answers conflict when the dependent changed before its references were dropped', async () => {
    const f = fakeApi();
    const alive = f.create(configmaps, 'alive');
    const dep = f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost), f.ref(alive)] });
    const update = f.api.update.bind(f.api);
    f.api.update = async () => undefined; // 409: someone wrote it between our GET and PUT

    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, dep), resourceOf)).toBe('conflict');
    expect(f.has(configmaps, 'dep')?.metadata.ownerReferences).toHaveLength(2);

    f.api.update = update;
    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, dep), resourceOf)).toBe('updated');
  });

  it('keeps (and does not write) a dependent deleted or replaced before its references were dropped', async () => {
    const f = fakeApi();
    const alive = f.create(configmaps, 'alive');
    const dep = f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost), f.ref(alive)] });
    const seen = dependentNode(configmaps, dep);
    f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost), f.ref(alive)] });

    expect(await attemptToDeleteDependent(f.api, seen, resourceOf)).toBe('kept');
    expect(f.writes()).toEqual([]);
  });
});

describe('attemptToDeleteDependent on a stale graph', () => {
  it('decides on the stored ownerReferences, not the graph copy: an adopted dependent stays', async () => {
    const f = fakeApi();
    const alive = f.create(configmaps, 'alive');
    const dep = f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost)] });
    const seen = dependentNode(configmaps, dep);
    // Adopted by a live owner after the graph saw it (its MODIFIED event is still on the way).
    const cur = f.has(configmaps, 'dep') as GcObject;
    await f.api.update(configmaps, { ...cur, metadata: { ...cur.metadata, ownerReferences: [f.ref(ghost), f.ref(alive)] } });

    expect(await attemptToDeleteDependent(f.api, seen, resourceOf)).toBe('updated');
    expect(f.has(configmaps, 'dep')?.metadata.ownerReferences?.map((r) => r.name)).toEqual(['alive']);
  });

  it('deletes conditional on the resourceVersion it decided on: a change in between is a conflict', async () => {
    const f = fakeApi();
    const dep = f.create(configmaps, 'dep', { ownerReferences: [f.ref(ghost)] });
    const get = f.api.get.bind(f.api);
    // The dependent changes right after the collector read it (a label, say).
    f.api.get = async (r, ns, name, signal) => {
      const got = await get(r, ns, name, signal);
      if (name === 'dep' && got) {
        const stored = f.has(configmaps, 'dep') as GcObject;
        await f.api.update(configmaps, { ...stored, metadata: { ...stored.metadata } });
      }
      return got;
    };
    expect(await attemptToDeleteDependent(f.api, dependentNode(configmaps, dep), resourceOf)).toBe('conflict');
    expect(f.has(configmaps, 'dep')).toBeDefined();
  });
});

describe('processDeletingOwner', () => {
  it('orphan: drops the owner reference from every dependent, then the orphan finalizer (the owner goes)', async () => {
    const f = fakeApi();
    const other = f.create(configmaps, 'other');
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: DELETED_AT, finalizers: [ORPHAN_FINALIZER] });
    const dep1 = f.create(configmaps, 'dep-1', { ownerReferences: [f.ref(owner)] });
    const dep2 = f.create(configmaps, 'dep-2', { ownerReferences: [f.ref(owner), f.ref(other)] });

    expect(await processOwner(f.api, ownerNode(configmaps, owner), [dependentNode(configmaps, dep1), dependentNode(configmaps, dep2)])).toBe('finalized');
    expect(f.writes()).toEqual(['update dep-1 refs= fin=', 'update dep-2 refs=other fin=', 'update owner refs= fin=']);
    expect(f.has(configmaps, 'dep-1')?.metadata.ownerReferences).toEqual([]);
    expect(f.has(configmaps, 'dep-2')?.metadata.ownerReferences?.map((r) => r.name)).toEqual(['other']);
    expect(f.has(configmaps, 'owner')).toBeUndefined();
  });

  it('orphan: skips dependents already orphaned, deleted or replaced', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: DELETED_AT, finalizers: [ORPHAN_FINALIZER, 'example.com/keep'] });
    const stale = dependentNode(configmaps, f.create(configmaps, 'orphaned', { ownerReferences: [f.ref(owner)] }));
    f.create(configmaps, 'orphaned', { uid: stale.uid, ownerReferences: [] });
    const gone = dependentNode(configmaps, { metadata: { name: 'gone', namespace: 'default', uid: 'uid-x', ownerReferences: [f.ref(owner)] } });
    const replaced = dependentNode(configmaps, f.create(configmaps, 'replaced', { ownerReferences: [f.ref(owner)] }));
    f.create(configmaps, 'replaced', { ownerReferences: [f.ref(owner)] });

    expect(await processOwner(f.api, ownerNode(configmaps, owner), [stale, gone, replaced])).toBe('finalized');
    expect(f.writes()).toEqual(['update owner refs= fin=example.com/keep']);
    // Other finalizers stay: the owner remains until their owners remove them.
    expect(f.has(configmaps, 'owner')?.metadata.finalizers).toEqual(['example.com/keep']);
  });

  it('orphan: keeps the finalizer when a dependent changed meanwhile (conflict, retried)', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: DELETED_AT, finalizers: [ORPHAN_FINALIZER] });
    const dep = dependentNode(configmaps, f.create(configmaps, 'dep', { ownerReferences: [f.ref(owner)] }));
    const update = f.api.update.bind(f.api);
    let conflicts = 1;
    f.api.update = async (r, obj, signal) => (obj.metadata.name === 'dep' && conflicts-- > 0 ? undefined : update(r, obj, signal));

    expect(await processOwner(f.api, ownerNode(configmaps, owner), [dep])).toBe('conflict');
    expect(f.has(configmaps, 'owner')?.metadata.finalizers).toEqual([ORPHAN_FINALIZER]);
    expect(f.has(configmaps, 'dep')?.metadata.ownerReferences).toHaveLength(1);

    expect(await processOwner(f.api, ownerNode(configmaps, owner), [dep])).toBe('finalized');
    expect(f.has(configmaps, 'owner')).toBeUndefined();
    expect(f.has(configmaps, 'dep')?.metadata.ownerReferences).toEqual([]);
  });

  it('foreground: deletes the dependents not yet being deleted and waits for those that block it (blockOwnerDeletion)', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: DELETED_AT, finalizers: [FOREGROUND_FINALIZER, 'example.com/keep'] });
    const dep = f.create(configmaps, 'dep', { ownerReferences: [blocking(f.ref(owner))] });
    const held = f.create(configmaps, 'held', { ownerReferences: [blocking(f.ref(owner))], finalizers: ['example.com/hold'] });
    const going = f.create(configmaps, 'going', { ownerReferences: [blocking(f.ref(owner))], deletionTimestamp: DELETED_AT, finalizers: ['example.com/hold'] });

    const node = ownerNode(configmaps, owner);
    expect(await processOwner(f.api, node, [dep, held, going].map((d) => dependentNode(configmaps, d)))).toBe('waiting');
    expect(f.writes()).toEqual([`delete dep uid=${dep.metadata.uid}`, `delete held uid=${held.metadata.uid}`]);
    expect(f.has(configmaps, 'dep')).toBeUndefined();
    expect(f.has(configmaps, 'held')?.metadata.deletionTimestamp).toBe(DELETED_AT);
    expect(f.has(configmaps, 'owner')?.metadata.finalizers).toContain(FOREGROUND_FINALIZER);
  });

  it('foreground: dependents that do not block their owner are deleted, and the owner does not wait for them', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: DELETED_AT, finalizers: [FOREGROUND_FINALIZER] });
    const held = f.create(configmaps, 'held', { ownerReferences: [f.ref(owner)], finalizers: ['example.com/hold'] });

    expect(await processOwner(f.api, ownerNode(configmaps, owner), [dependentNode(configmaps, held)])).toBe('finalized');
    expect(f.has(configmaps, 'held')?.metadata.deletionTimestamp).toBe(DELETED_AT);
    expect(f.has(configmaps, 'owner')).toBeUndefined();
  });

  it('foreground: a dependent with another live owner keeps it and only loses the reference (kube)', async () => {
    const f = fakeApi();
    const other = f.create(configmaps, 'other');
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: DELETED_AT, finalizers: [FOREGROUND_FINALIZER] });
    const dep = f.create(configmaps, 'dep', { ownerReferences: [blocking(f.ref(owner)), f.ref(other)] });

    expect(await processOwner(f.api, ownerNode(configmaps, owner), [dependentNode(configmaps, dep)])).toBe('waiting');
    expect(f.has(configmaps, 'dep')?.metadata.ownerReferences?.map((r) => r.name)).toEqual(['other']);
    expect(f.writes()).toEqual(['update dep refs=other fin=']);
  });

  it('foreground: a dependent that has dependents of its own is deleted in the foreground too', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: DELETED_AT, finalizers: [FOREGROUND_FINALIZER] });
    const dep = f.create(configmaps, 'dep', { ownerReferences: [blocking(f.ref(owner))] });
    const node = dependentNode(configmaps, dep);
    expect(await processDeletingOwner(f.api, ownerNode(configmaps, owner), [node], resourceOf, undefined, (d) => d.name === 'dep')).toBe('waiting');
    expect(f.writes()).toEqual([`delete dep uid=${dep.metadata.uid} Foreground`]);
  });

  it('foreground: with no dependents left, drops foregroundDeletion and only it', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: DELETED_AT, finalizers: [FOREGROUND_FINALIZER, 'example.com/keep'] });

    expect(await processOwner(f.api, ownerNode(configmaps, owner), [])).toBe('finalized');
    expect(f.has(configmaps, 'owner')?.metadata.finalizers).toEqual(['example.com/keep']);

    const last = f.create(configmaps, 'last', { deletionTimestamp: DELETED_AT, finalizers: [FOREGROUND_FINALIZER] });
    expect(await processOwner(f.api, ownerNode(configmaps, last), [])).toBe('finalized');
    expect(f.has(configmaps, 'last')).toBeUndefined();
  });

  it('a cluster-scoped owner in foreground deletes its dependents in every namespace', async () => {
    const f = fakeApi();
    const role = f.create(clusterroles, 'admin', { deletionTimestamp: DELETED_AT, finalizers: [FOREGROUND_FINALIZER] });
    const ref = blocking(f.ref(role, 'ClusterRole', 'rbac.authorization.k8s.io/v1'));
    const a = f.create(configmaps, 'a', { ownerReferences: [ref] }, 'ns-a');
    const b = f.create(configmaps, 'b', { ownerReferences: [ref] }, 'ns-b');

    expect(await processOwner(f.api, ownerNode(clusterroles, role), [a, b].map((d) => dependentNode(configmaps, d)))).toBe('waiting');
    expect(f.has(configmaps, 'a', 'ns-a')).toBeUndefined();
    expect(f.has(configmaps, 'b', 'ns-b')).toBeUndefined();
    expect(await processOwner(f.api, ownerNode(clusterroles, role), [])).toBe('finalized');
    expect(f.has(clusterroles, 'admin')).toBeUndefined();
  });

  it('answers gone for an owner deleted, replaced, or no longer holding our finalizer, without writing', async () => {
    const f = fakeApi();
    const gone = ownerNode(configmaps, { metadata: { name: 'gone', namespace: 'default', uid: 'uid-x', deletionTimestamp: DELETED_AT, finalizers: [ORPHAN_FINALIZER] } });
    expect(await processOwner(f.api, gone, [])).toBe('gone');

    const replaced = ownerNode(configmaps, f.create(configmaps, 'replaced', { deletionTimestamp: DELETED_AT, finalizers: [FOREGROUND_FINALIZER] }));
    f.create(configmaps, 'replaced', { deletionTimestamp: DELETED_AT, finalizers: [FOREGROUND_FINALIZER] });
    expect(await processOwner(f.api, replaced, [])).toBe('gone');

    const done = f.create(configmaps, 'done', { deletionTimestamp: DELETED_AT, finalizers: [ORPHAN_FINALIZER] });
    const node = ownerNode(configmaps, done);
    f.create(configmaps, 'done', { uid: done.metadata.uid, deletionTimestamp: DELETED_AT, finalizers: ['example.com/keep'] });
    expect(await processOwner(f.api, node, [])).toBe('gone');

    expect(f.writes()).toEqual([]);
    expect(f.has(configmaps, 'replaced')?.metadata.finalizers).toEqual([FOREGROUND_FINALIZER]);
  });

  it('answers conflict when the owner changed before its finalizer was dropped', async () => {
    const f = fakeApi();
    const owner = f.create(configmaps, 'owner', { deletionTimestamp: DELETED_AT, finalizers: [ORPHAN_FINALIZER] });
    f.api.update = async () => undefined;

    expect(await processOwner(f.api, ownerNode(configmaps, owner), [])).toBe('conflict');
    expect(f.has(configmaps, 'owner')?.metadata.finalizers).toEqual([ORPHAN_FINALIZER]);
  });
});
