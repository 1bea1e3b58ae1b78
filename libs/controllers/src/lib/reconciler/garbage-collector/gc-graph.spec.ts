import { CLUSTER_ANNOTATION } from '../tenancy/workspace/workspace-types';
import type { GcObject, GcResource, OwnerReference } from './garbage-collector-api';
import { FOREGROUND_FINALIZER, GcGraph, ORPHAN_FINALIZER, dependentItem, objectKey, ownerItem } from './gc-graph';

const configmaps: GcResource = { groupVersion: 'v1', group: '', plural: 'configmaps', kind: 'ConfigMap', namespaced: true, verbs: ['get', 'list', 'watch', 'delete'] };
const secrets: GcResource = { groupVersion: 'v1', group: '', plural: 'secrets', kind: 'Secret', namespaced: true, verbs: ['get', 'list', 'watch', 'delete'] };
const clusterroles: GcResource = {
  groupVersion: 'rbac.authorization.k8s.io/v1',
  group: 'rbac.authorization.k8s.io',
  plural: 'clusterroles',
  kind: 'ClusterRole',
  namespaced: false,
  verbs: ['get', 'list', 'watch', 'delete'],
};

const roomy = { maxNodes: 100, maxAlive: 100 };

/** An object as a `/clusters/*` watch delivers it: annotated with its logical cluster. */
function obj(cluster: string, name: string, uid: string, meta: Partial<GcObject['metadata']> = {}, namespace: string | undefined = 'default'): GcObject {
  return { metadata: { name, uid, ...(namespace ? { namespace } : {}), annotations: { [CLUSTER_ANNOTATION]: cluster }, ...meta } };
}

function ref(owner: GcObject, kind = 'ConfigMap', apiVersion = 'v1'): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name, uid: owner.metadata.uid ?? '' };
}

const cmKey = (cluster: string, name: string, ns = 'default') => objectKey(configmaps, cluster, ns, name);
const deleting = (finalizers: string[]) => ({ deletionTimestamp: '2025-01-01T00:00:00Z', finalizers });

describe('GcGraph', () => {
  it('makes no work for a dependent whose owner was seen alive, and a check for one whose owner was not', () => {
    const graph = new GcGraph(roomy);
    const owner = obj('c1', 'owner', 'uid-owner');
    expect(graph.upsert(configmaps, owner)).toEqual([]);

    expect(graph.upsert(configmaps, obj('c1', 'dep', 'uid-dep', { ownerReferences: [ref(owner)] }))).toEqual([]);
    const ghost = obj('c1', 'ghost', 'uid-ghost');
    expect(graph.upsert(configmaps, obj('c1', 'lost', 'uid-lost', { ownerReferences: [ref(owner), ref(ghost)] }))).toEqual([dependentItem(cmKey('c1', 'lost'))]);

    // An unchanged dependent (a resync or a status update) makes no new work.
    expect(graph.upsert(configmaps, obj('c1', 'lost', 'uid-lost', { ownerReferences: [ref(owner), ref(ghost)] }))).toEqual([]);
    expect(graph.dependent(cmKey('c1', 'lost'))).toMatchObject({ cluster: 'c1', namespace: 'default', name: 'lost', uid: 'uid-lost', deleting: false });
    expect(graph.stats()).toEqual({ dependents: 2, deletingOwners: 0, alive: 3, refused: 0 });
  });

  it("checks an owner's dependents when it is deleted, and forgets that it was alive", () => {
    const graph = new GcGraph(roomy);
    const owner = obj('c1', 'owner', 'uid-owner');
    graph.upsert(configmaps, owner);
    graph.upsert(configmaps, obj('c1', 'a', 'uid-a', { ownerReferences: [ref(owner)] }));
    graph.upsert(configmaps, obj('c1', 'b', 'uid-b', { ownerReferences: [ref(owner)] }));
    graph.upsert(configmaps, obj('c1', 'unrelated', 'uid-u', { ownerReferences: [ref(obj('c1', 'x', 'uid-a'))] }));

    expect(graph.remove(configmaps, owner).sort()).toEqual([dependentItem(cmKey('c1', 'a')), dependentItem(cmKey('c1', 'b'))]);
    // A dependent that appears later still references the gone uid: it must be checked.
    expect(graph.upsert(configmaps, obj('c1', 'late', 'uid-late', { ownerReferences: [ref(owner)] }))).toEqual([dependentItem(cmKey('c1', 'late'))]);
  });

  it('keeps logical clusters apart: the same uid elsewhere is another object', () => {
    const graph = new GcGraph(roomy);
    const owner = obj('c1', 'owner', 'uid-same');
    graph.upsert(configmaps, owner);

    // A tenant copying c1's uid into its reference gains nothing: in c2 the owner was never seen.
    expect(graph.upsert(configmaps, obj('c2', 'dep', 'uid-dep2', { ownerReferences: [ref(owner)] }))).toEqual([dependentItem(cmKey('c2', 'dep'))]);
    expect(graph.upsert(configmaps, obj('c1', 'dep', 'uid-dep1', { ownerReferences: [ref(owner)] }))).toEqual([]);

    const inC2 = obj('c2', 'other', 'uid-same');
    expect(graph.dependentsOf({ resource: configmaps, cluster: 'c1', namespace: 'default', name: 'owner', uid: 'uid-same' }).map((d) => d.cluster)).toEqual(['c1']);
    // Deleting the c2 object of that uid checks c2's dependents only.
    expect(graph.remove(configmaps, inC2)).toEqual([dependentItem(cmKey('c2', 'dep'))]);
    expect(graph.remove(configmaps, owner)).toEqual([dependentItem(cmKey('c1', 'dep'))]);
  });

  it('dependentsOf follows kube scope: a namespaced owner owns in its namespace only, a cluster-scoped one everywhere', () => {
    const graph = new GcGraph(roomy);
    const cm = obj('c1', 'owner', 'uid-cm');
    const role = obj('c1', 'admin', 'uid-role', {}, undefined);
    graph.upsert(configmaps, cm);
    graph.upsert(clusterroles, role);
    graph.upsert(configmaps, obj('c1', 'same-ns', 'uid-1', { ownerReferences: [ref(cm)] }));
    graph.upsert(configmaps, obj('c1', 'other-ns', 'uid-2', { ownerReferences: [ref(cm)] }, 'other'));
    const roleRef = ref(role, 'ClusterRole', 'rbac.authorization.k8s.io/v1');
    graph.upsert(configmaps, obj('c1', 'a', 'uid-3', { ownerReferences: [roleRef] }, 'ns-a'));
    graph.upsert(configmaps, obj('c1', 'b', 'uid-4', { ownerReferences: [roleRef] }, 'ns-b'));

    const names = (owner: GcObject, resource: GcResource) =>
      graph
        .dependentsOf({ resource, cluster: 'c1', namespace: owner.metadata.namespace, name: owner.metadata.name, uid: owner.metadata.uid as string })
        .map((d) => `${d.namespace}/${d.name}`)
        .sort();
    expect(names(cm, configmaps)).toEqual(['default/same-ns']);
    expect(names(role, clusterroles)).toEqual(['ns-a/a', 'ns-b/b']);
  });

  it.each([
    ['orphan', [ORPHAN_FINALIZER], { orphan: true, foreground: false }],
    ['foreground', [FOREGROUND_FINALIZER], { orphan: false, foreground: true }],
  ])('tracks an owner deleted with %s and wakes it when a dependent goes', (_policy, finalizers, flags) => {
    const graph = new GcGraph(roomy);
    const owner = obj('c1', 'owner', 'uid-owner');
    graph.upsert(configmaps, owner);
    const dep = obj('c1', 'dep', 'uid-dep', { ownerReferences: [ref(owner)] });
    graph.upsert(configmaps, dep);

    const ownerKey = cmKey('c1', 'owner');
    expect(graph.upsert(configmaps, obj('c1', 'owner', 'uid-owner', deleting(finalizers)))).toEqual([ownerItem(ownerKey)]);
    expect(graph.deletingOwner(ownerKey)).toMatchObject({ name: 'owner', uid: 'uid-owner', ...flags });
    expect(graph.stats().deletingOwners).toBe(1);

    // A new dependent of an owner being deleted is checked even though its uid was seen alive.
    expect(graph.upsert(configmaps, obj('c1', 'dep-2', 'uid-dep-2', { ownerReferences: [ref(owner)] }))).toEqual([dependentItem(cmKey('c1', 'dep-2'))]);
    expect(graph.remove(configmaps, dep)).toEqual([ownerItem(ownerKey)]);

    // Finalizers gone (the collector's write landed): no longer a deleting owner.
    expect(graph.upsert(configmaps, obj('c1', 'owner', 'uid-owner', deleting(['example.com/other'])))).toEqual([]);
    expect(graph.deletingOwner(ownerKey)).toBeUndefined();
    expect(graph.stats().deletingOwners).toBe(0);
  });

  it('does not track an owner being deleted without the collector finalizers', () => {
    const graph = new GcGraph(roomy);
    expect(graph.upsert(configmaps, obj('c1', 'owner', 'uid-owner', deleting(['example.com/other'])))).toEqual([]);
    expect(graph.upsert(configmaps, obj('c1', 'owner2', 'uid-owner2', { finalizers: [ORPHAN_FINALIZER] }))).toEqual([]);
    expect(graph.stats().deletingOwners).toBe(0);
  });

  it('drops a dependent whose ownerReferences are removed, waking the owner being deleted', () => {
    const graph = new GcGraph(roomy);
    const owner = obj('c1', 'owner', 'uid-owner', deleting([ORPHAN_FINALIZER]));
    graph.upsert(configmaps, owner);
    graph.upsert(configmaps, obj('c1', 'dep', 'uid-dep', { ownerReferences: [ref(owner)] }));

    // The orphaning write removed the reference: the owner may now drop its finalizer.
    expect(graph.upsert(configmaps, obj('c1', 'dep', 'uid-dep'))).toEqual([ownerItem(cmKey('c1', 'owner'))]);
    expect(graph.dependent(cmKey('c1', 'dep'))).toBeUndefined();
    expect(graph.dependentsOf(graph.deletingOwner(cmKey('c1', 'owner')) as NonNullable<ReturnType<GcGraph['deletingOwner']>>)).toEqual([]);
    expect(graph.stats().dependents).toBe(0);
  });

  it('re-indexes a dependent whose references change: the old owner loses it, the new one gains it', () => {
    const graph = new GcGraph(roomy);
    const a = obj('c1', 'a', 'uid-a', deleting([FOREGROUND_FINALIZER]));
    const b = obj('c1', 'b', 'uid-b');
    graph.upsert(configmaps, a);
    graph.upsert(configmaps, b);
    graph.upsert(configmaps, obj('c1', 'dep', 'uid-dep', { ownerReferences: [ref(a)] }));

    // Moved to b (alive): a is woken, nothing to check for b.
    expect(graph.upsert(configmaps, obj('c1', 'dep', 'uid-dep', { ownerReferences: [ref(b)] }))).toEqual([ownerItem(cmKey('c1', 'a'))]);
    const node = (o: GcObject) => ({ resource: configmaps, cluster: 'c1', namespace: 'default', name: o.metadata.name, uid: o.metadata.uid as string });
    expect(graph.dependentsOf(node(a))).toEqual([]);
    expect(graph.dependentsOf(node(b)).map((d) => d.name)).toEqual(['dep']);
  });

  it('records that a dependent is being deleted', () => {
    const graph = new GcGraph(roomy);
    const owner = obj('c1', 'owner', 'uid-owner');
    graph.upsert(configmaps, owner);
    graph.upsert(configmaps, obj('c1', 'dep', 'uid-dep', { ownerReferences: [ref(owner)] }));
    expect(graph.upsert(configmaps, obj('c1', 'dep', 'uid-dep', { ownerReferences: [ref(owner)], ...deleting(['example.com/hold']) }))).toEqual([]);
    expect(graph.dependent(cmKey('c1', 'dep'))?.deleting).toBe(true);
  });

  it('retain() drops what a list did not return, checking the dependents of what went', () => {
    const graph = new GcGraph(roomy);
    const owner = obj('c1', 'owner', 'uid-owner', deleting([ORPHAN_FINALIZER]));
    graph.upsert(configmaps, owner);
    graph.upsert(configmaps, obj('c1', 'dep', 'uid-dep', { ownerReferences: [ref(owner)] }));
    graph.upsert(configmaps, obj('c1', 'gone', 'uid-gone', { ownerReferences: [ref(owner)] }));
    graph.upsert(secrets, obj('c1', 'secret', 'uid-secret', { ownerReferences: [ref(owner)] }));

    // The owner and 'gone' were deleted while the watch was down; the secret is another resource, untouched.
    const work = graph.retain(configmaps, new Set([cmKey('c1', 'dep')]), false);
    expect(graph.deletingOwner(cmKey('c1', 'owner'))).toBeUndefined();
    expect(graph.dependent(cmKey('c1', 'gone'))).toBeUndefined();
    expect(graph.dependent(cmKey('c1', 'dep'))).toBeDefined();
    expect(graph.dependent(objectKey(secrets, 'c1', 'default', 'secret'))).toBeDefined();
    // (An 'o:' item of the dropped owner may come too, when 'gone' is unindexed first: the worker forgets it.)
    expect(new Set(work.filter((item) => item !== ownerItem(cmKey('c1', 'owner'))))).toEqual(
      new Set([dependentItem(cmKey('c1', 'dep')), dependentItem(objectKey(secrets, 'c1', 'default', 'secret'))]),
    );
    expect(graph.stats()).toMatchObject({ dependents: 2, deletingOwners: 0 });
  });

  it('retain() after a relist checks again every dependent referencing that kind, and only those', () => {
    const graph = new GcGraph(roomy);
    const cm = obj('c1', 'owner', 'uid-cm');
    const role = obj('c1', 'admin', 'uid-role', {}, undefined);
    graph.upsert(configmaps, cm);
    graph.upsert(clusterroles, role);
    graph.upsert(secrets, obj('c1', 'of-cm', 'uid-1', { ownerReferences: [ref(cm)] }));
    graph.upsert(secrets, obj('c1', 'of-role', 'uid-2', { ownerReferences: [ref(role, 'ClusterRole', 'rbac.authorization.k8s.io/v1')] }));
    // Same kind name, another group: not a ConfigMap of the core group.
    graph.upsert(secrets, obj('c1', 'of-widget', 'uid-3', { ownerReferences: [{ ...ref(cm), apiVersion: 'example.com/v1' }] }));

    expect(graph.retain(configmaps, new Set(), false)).toEqual([]);
    expect(graph.retain(configmaps, new Set(), true)).toEqual([dependentItem(objectKey(secrets, 'c1', 'default', 'of-cm'))]);
    expect(graph.retain(clusterroles, new Set(), true)).toEqual([dependentItem(objectKey(secrets, 'c1', 'default', 'of-role'))]);
    expect(graph.stats().dependents).toBe(3);
  });

  it('a relist forgets the seen-alive uids it did not return (an owner deleted unseen spares no later dependent)', () => {
    const graph = new GcGraph(roomy);
    const owner = obj('c1', 'owner', 'uid-owner');
    graph.upsert(configmaps, owner);
    // The watch broke; the owner was deleted meanwhile; the relist does not return it.
    graph.retain(configmaps, new Set(), true);
    expect(graph.upsert(secrets, obj('c1', 'late', 'uid-late', { ownerReferences: [ref(owner)] }))).toEqual([dependentItem(objectKey(secrets, 'c1', 'default', 'late'))]);
  });

  it('refuses (and counts) nodes beyond maxNodes, and still updates those it holds', () => {
    const graph = new GcGraph({ maxNodes: 2, maxAlive: 100 });
    const owner = obj('c1', 'owner', 'uid-owner');
    graph.upsert(configmaps, owner);
    graph.upsert(configmaps, obj('c1', 'a', 'uid-a', { ownerReferences: [ref(owner)] }));
    graph.upsert(configmaps, obj('c1', 'b', 'uid-b', { ownerReferences: [ref(owner)] }));
    expect(graph.upsert(configmaps, obj('c1', 'c', 'uid-c', { ownerReferences: [ref(obj('c1', 'g', 'uid-g'))] }))).toEqual([]);
    expect(graph.upsert(configmaps, obj('c1', 'owner', 'uid-owner', deleting([ORPHAN_FINALIZER])))).toEqual([]);
    expect(graph.dependent(cmKey('c1', 'c'))).toBeUndefined();
    expect(graph.deletingOwner(cmKey('c1', 'owner'))).toBeUndefined();
    expect(graph.stats()).toMatchObject({ dependents: 2, deletingOwners: 0, refused: 2 });

    // A node already held is updated in place, and room freed is used again.
    const ghost = obj('c1', 'ghost', 'uid-ghost');
    expect(graph.upsert(configmaps, obj('c1', 'a', 'uid-a', { ownerReferences: [ref(ghost)] }))).toEqual([dependentItem(cmKey('c1', 'a'))]);
    graph.upsert(configmaps, obj('c1', 'b', 'uid-b'));
    expect(graph.upsert(configmaps, obj('c1', 'c', 'uid-c', { ownerReferences: [ref(ghost)] }))).toEqual([dependentItem(cmKey('c1', 'c'))]);
    expect(graph.stats()).toMatchObject({ dependents: 2, refused: 2 });
  });

  it('remembers at most maxAlive uids, forgetting the least recently seen first', () => {
    const graph = new GcGraph({ maxNodes: 100, maxAlive: 3 });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => obj('c1', n, `uid-${n}`));
    for (const o of [a, b, c, a, d]) graph.upsert(configmaps, o); // a seen again: b is the oldest when d comes
    expect(graph.stats().alive).toBe(3);

    // (Each upsert also remembers the dependent's own uid, evicting the oldest: c here.)
    expect(graph.upsert(secrets, obj('c1', 'of-a', 'uid-1', { ownerReferences: [ref(a)] }))).toEqual([]);
    expect(graph.upsert(secrets, obj('c1', 'of-b', 'uid-2', { ownerReferences: [ref(b)] }))).toEqual([dependentItem(objectKey(secrets, 'c1', 'default', 'of-b'))]);
    expect(graph.stats().alive).toBe(3);
  });

  it('with maxAlive 0 remembers nothing and checks every new dependent', () => {
    const graph = new GcGraph({ maxNodes: 100, maxAlive: 0 });
    const owner = obj('c1', 'owner', 'uid-owner');
    graph.upsert(configmaps, owner);
    expect(graph.stats().alive).toBe(0);
    expect(graph.upsert(configmaps, obj('c1', 'dep', 'uid-dep', { ownerReferences: [ref(owner)] }))).toEqual([dependentItem(cmKey('c1', 'dep'))]);
  });

  it('ignores objects without a cluster annotation, a name or a uid', () => {
    const graph = new GcGraph(roomy);
    const refs = { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'g', uid: 'uid-g' }] };
    const noCluster: GcObject = { metadata: { name: 'a', namespace: 'default', uid: 'uid-a', ...refs } };
    const noUid: GcObject = { metadata: { name: 'b', namespace: 'default', annotations: { [CLUSTER_ANNOTATION]: 'c1' }, ...refs } };
    const noName: GcObject = { metadata: { name: '', namespace: 'default', uid: 'uid-c', annotations: { [CLUSTER_ANNOTATION]: 'c1' }, ...refs } };
    for (const o of [noCluster, noUid, noName]) {
      expect(graph.keyOf(configmaps, o)).toBeUndefined();
      expect(graph.upsert(configmaps, o)).toEqual([]);
      expect(graph.remove(configmaps, o)).toEqual([]);
    }
    expect(graph.stats()).toEqual({ dependents: 0, deletingOwners: 0, alive: 0, refused: 0 });
  });
});
