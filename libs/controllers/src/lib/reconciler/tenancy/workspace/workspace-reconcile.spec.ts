import { MAX_DELETE_PREFIXES } from '@strata/storage';
import { FakeWorkspaceWorld } from './fake-workspace-world';
import { reconcileWorkspace } from './workspace-reconcile';
import { logicalClusterBody } from './workspace-bootstrap';
import { WORKSPACE_OWNER_ANNOTATION } from './workspace-types';
import type { Workspace, WorkspaceRef } from './workspace-types';

const signal = new AbortController().signal;

function expectProvisioned(world: FakeWorkspaceWorld, ws: Workspace | undefined, path: string, parent: string): string {
  expect(ws?.status?.phase).toBe('Ready');
  const id = ws?.spec?.cluster ?? '';
  expect(id).toMatch(/^[a-z0-9]{12,16}$/);
  expect(ws?.spec?.URL).toBe(`https://strata.example:6443/clusters/${path}`);
  expect(Object.fromEntries((ws?.status?.conditions ?? []).map((c) => [c.type, c.status]))).toEqual({
    WorkspaceScheduled: 'True',
    WorkspaceInitialized: 'True',
    Ready: 'True',
  });
  expect(world.lc(id)).toMatchObject({
    metadata: { name: 'cluster' },
    spec: { owner: { apiVersion: 'tenancy.strata.dev/v1alpha1', resource: 'workspaces', name: ws?.metadata.name, cluster: parent, uid: ws?.metadata.uid } },
    status: { phase: 'Ready', path, URL: ws?.spec?.URL },
  });
  // Created in the bootstrap Txn or with kube's managedFields reset (`[{}]`): stored without them.
  expect(world.lc(id)?.metadata).not.toHaveProperty('managedFields');
  expect(world.keys.has(`/registry/strata.dev/clusterids/${id}`)).toBe(true);
  expect(world.keys.has(`/registry/core/namespaces/${id}/default`)).toBe(true);
  // cluster-admin is the shared bootstrap role, not copied into each workspace; the binding names it.
  expect(world.keysOf(id).filter((k) => k.includes('/clusterroles/'))).toEqual([]);
  const binding = world.keys.get(`/registry/rbac.authorization.k8s.io/clusterrolebindings/${id}/workspace-admin`) as { metadata: object };
  expect(binding).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: 'alice' }] });
  expect(binding.metadata).not.toHaveProperty('managedFields');
  return id;
}

/** A Workspace created with its id already assigned (and reserved) by the apiserver's admission. */
function admitted(world: FakeWorkspaceWorld, name: string, id: string): WorkspaceRef {
  const ref = world.createWorkspace('root', name);
  const ws = world.get(ref)!;
  ws.spec = { ...ws.spec, cluster: id, URL: `https://strata.example:6443/clusters/root:${name}` };
  world.keys.set(`/registry/strata.dev/clusterids/${id}`, true);
  return ref;
}

describe('workspace reconcile', () => {
  it('scheduling reserves an id and asks for its write before creating anything under it', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = world.createWorkspace('root', 'acme');
    const input = world.get(ref)!;
    const frozen = JSON.stringify(input);
    const out = await reconcileWorkspace(ref, input, world.deps, signal);
    expect(JSON.stringify(input)).toBe(frozen);
    expect(out.requeue).toBe(true);
    expect(world.calls).toEqual(['path', 'reserve']);
    expect(out.workspace.spec?.cluster).toBe('c000000000001');
    expect(out.workspace.spec?.URL).toBe('https://strata.example:6443/clusters/root:acme');
    expect(out.workspace.status?.phase).toBe('Initializing');
  });

  it('retries a colliding id and never reuses a reserved one', async () => {
    const world = new FakeWorkspaceWorld();
    world.keys.set('/registry/strata.dev/clusterids/taken0000000', true);
    world.scriptedIds.push('taken0000000', 'fresh0000000');
    const ref = world.createWorkspace('root', 'acme');
    const out = await reconcileWorkspace(ref, world.get(ref)!, world.deps, signal);
    expect(out.workspace.spec?.cluster).toBe('fresh0000000');
    expect(world.calls).toEqual(['path', 'reserve', 'reserve']);
  });

  it('provisions nested workspaces to Ready: LogicalCluster, default namespace, cluster-admin for the owner', async () => {
    const world = new FakeWorkspaceWorld();
    const acme = world.createWorkspace('root', 'acme');
    await world.converge();
    const acmeId = expectProvisioned(world, world.get(acme), 'root:acme', 'root');
    const team = world.createWorkspace(acmeId, 'team-a');
    await world.converge();
    expectProvisioned(world, world.get(team), 'root:acme:team-a', acmeId);
  });

  it('provisions in one pass: the id persisted first, then one createAll that also stores the Workspace Ready, nothing read back', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = world.createWorkspace('root', 'acme');
    const out = await reconcileWorkspace(ref, world.get(ref)!, world.deps, signal, world.writer);
    expect(out.requeue).toBe(false);
    // The Txn stored the whole Workspace: the caller has nothing left to write.
    expect(out.stored).toEqual(out.workspace);
    expect(out.stored.metadata.resourceVersion).toBe(world.get(ref)?.metadata.resourceVersion);
    expectProvisioned(world, world.get(ref), 'root:acme', 'root');
    expect(world.calls).toEqual(['path', 'reserve', 'write spec', 'create all']);
    // Converged: another pass changes nothing.
    await world.converge();
    expect(world.calls).toHaveLength(4);
  });

  it('a Workspace that arrives with its id (assigned at admission) is provisioned by one createAll and nothing else', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = admitted(world, 'acme', 'admitted00001');
    const rvBefore = world.get(ref)!.metadata.resourceVersion;
    const out = await reconcileWorkspace(ref, world.get(ref)!, world.deps, signal, world.writer);
    expect(out.requeue).toBe(false);
    expect(out.stored).toEqual(out.workspace);
    expect(expectProvisioned(world, world.get(ref), 'root:acme', 'root')).toBe('admitted00001');
    expect(world.calls).toEqual(['create all']);
    // The Workspace was written in the bootstrap's revision: the LogicalCluster and it carry the same one.
    const lc = world.lc('admitted00001') as { metadata: { uid?: string } };
    expect(lc.metadata.uid).toBeDefined();
    expect(Number(world.get(ref)!.metadata.resourceVersion)).toBeGreaterThan(Number(rvBefore));
    await world.converge();
    expect(world.calls).toHaveLength(1);
  });

  it('a Workspace changed after the pass read it fails the bootstrap Txn whole (Conflict), and the next pass provisions it', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = admitted(world, 'acme', 'admitted00001');
    const stale = structuredClone(world.get(ref)!);
    // Someone labels it after the controller's read.
    world.get(ref)!.metadata['labels'] = { team: 'a' };
    world.get(ref)!.metadata.resourceVersion = '99';
    await expect(reconcileWorkspace(ref, stale, world.deps, signal, world.writer)).rejects.toMatchObject({ code: 'Conflict' });
    expect(world.keysOf('admitted00001')).toEqual(['/registry/strata.dev/clusterids/admitted00001']);
    await world.converge();
    expectProvisioned(world, world.get(ref), 'root:acme', 'root');
    expect(world.get(ref)!.metadata['labels']).toEqual({ team: 'a' });
  });

  it('the createAll holds the three objects as the apiserver stores them, the LogicalCluster born Ready', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = admitted(world, 'acme', 'admitted00001');
    await world.converge();
    const id = 'admitted00001';
    const uidAndTime = { uid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/), creationTimestamp: '2026-01-01T00:00:00Z' };
    expect(world.keysOf(id).sort()).toEqual([
      `/registry/core.strata.dev/logicalclusters/${id}/cluster`,
      `/registry/core/namespaces/${id}/default`,
      `/registry/rbac.authorization.k8s.io/clusterrolebindings/${id}/workspace-admin`,
      `/registry/strata.dev/clusterids/${id}`,
    ]);
    expect(world.lc(id)).toEqual({
      apiVersion: 'core.strata.dev/v1alpha1',
      kind: 'LogicalCluster',
      metadata: { name: 'cluster', ...uidAndTime },
      spec: { owner: { apiVersion: 'tenancy.strata.dev/v1alpha1', resource: 'workspaces', name: 'acme', cluster: 'root', uid: 'uid-acme' }, initializers: [] },
      status: { phase: 'Ready', path: 'root:acme', URL: world.get(ref)?.spec?.URL },
    });
    expect(world.keys.get(`/registry/core/namespaces/${id}/default`)).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default', ...uidAndTime, labels: { 'kubernetes.io/metadata.name': 'default' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect(world.keys.get(`/registry/rbac.authorization.k8s.io/clusterrolebindings/${id}/workspace-admin`)).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'workspace-admin', ...uidAndTime },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
    });
    // Each object has its own uid.
    const uids = world.keysOf(id).map((k) => (world.keys.get(k) as { metadata?: { uid?: string } }).metadata?.uid).filter(Boolean);
    expect(new Set(uids).size).toBe(3);
  });

  it('without an owner annotation there is no binding to create: the Txn holds the LogicalCluster and the namespace', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = admitted(world, 'acme', 'admitted00001');
    delete world.get(ref)!.metadata.annotations![WORKSPACE_OWNER_ANNOTATION];
    await world.converge();
    expect(world.get(ref)?.status?.phase).toBe('Ready');
    expect(world.calls).toEqual(['create all']);
    expect(world.keysOf('admitted00001').filter((k) => !k.includes('/clusterids/')).sort()).toEqual([
      '/registry/core.strata.dev/logicalclusters/admitted00001/cluster',
      '/registry/core/namespaces/admitted00001/default',
    ]);
  });

  it('a pass on a copy older than its createAll (the answer lost, the watch behind) finds its keys taken: the per-object path keeps what it wrote', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = admitted(world, 'acme', 'admitted00001');
    const stale = structuredClone(world.get(ref)!);
    await reconcileWorkspace(ref, stale, world.deps, signal, world.writer);
    expect(world.calls).toEqual(['create all']);
    expectProvisioned(world, world.get(ref), 'root:acme', 'root');
    const written = new Map(world.keysOf('admitted00001').map((k) => [k, JSON.stringify(world.keys.get(k))]));
    // The same pass again on the copy read before the Txn: nothing is created twice, nothing is overwritten.
    const again = await reconcileWorkspace(ref, stale, world.deps, signal, world.writer);
    expect(world.calls.slice(1)).toEqual(['create all', 'create lc', 'get lc', 'ensure namespaces', 'ensure clusterrolebindings']);
    expect(again.workspace.status?.phase).toBe('Ready');
    for (const [k, v] of written) expect(JSON.stringify(world.keys.get(k))).toBe(v);
  });

  it('objects an older controller created one by one are completed by the per-object path (LogicalCluster made Ready)', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = admitted(world, 'acme', 'admitted00001');
    // A crash of the old path right after its first write: the LogicalCluster alone, Initializing.
    await world.deps.createLogicalCluster('admitted00001', logicalClusterBody(ref, world.get(ref)!, 'root:acme', 'Initializing'), signal);
    world.calls.length = 0;
    await world.converge();
    expect(world.calls).toEqual(['create all', 'create lc', 'get lc', 'ensure namespaces', 'ensure clusterrolebindings', 'update lc', 'write status']);
    expect(world.get(ref)?.metadata.finalizers).toEqual(['tenancy.strata.dev/workspace']);
    expectProvisioned(world, world.get(ref), 'root:acme', 'root');
  });

  it('a LogicalCluster already there with another owner is refused, not adopted', async () => {
    const world = new FakeWorkspaceWorld();
    world.scriptedIds.push('stolen0000000');
    world.keys.set('/registry/core.strata.dev/logicalclusters/stolen0000000/cluster', {
      metadata: { name: 'cluster' },
      spec: { owner: { apiVersion: 'tenancy.strata.dev/v1alpha1', resource: 'workspaces', name: 'other', cluster: 'root', uid: 'uid-other' } },
      status: { phase: 'Ready', path: 'root:other' },
    });
    const ref = world.createWorkspace('root', 'acme');
    const scheduled = await reconcileWorkspace(ref, world.get(ref)!, world.deps, signal);
    world.write(ref, world.get(ref)!, scheduled.workspace);
    await expect(reconcileWorkspace(ref, world.get(ref)!, world.deps, signal)).rejects.toThrow(
      'logical cluster stolen0000000 belongs to root/other, not root/acme',
    );
    expect(world.lc('stolen0000000')?.spec?.owner?.name).toBe('other');
    // The Txn wrote nothing either (all or none): no namespace or binding of acme's in the other workspace.
    expect(world.keysOf('stolen0000000').filter((k) => !k.includes('/clusterids/'))).toEqual(['/registry/core.strata.dev/logicalclusters/stolen0000000/cluster']);
  });

  it.each([
    ['scheduled by the controller', (world: FakeWorkspaceWorld) => world.createWorkspace('root', 'acme'), 4],
    ['admitted with its id', (world: FakeWorkspaceWorld) => admitted(world, 'acme', 'admitted00001'), 1],
  ])('a crash between any two steps of provisioning converges on restart to the same result (%s)', async (_name, create, expectedSteps) => {
    const clean = new FakeWorkspaceWorld();
    create(clean);
    await clean.converge();
    const steps = clean.calls.length;
    // [path, reserve, write spec,] create all (with the Workspace's status): a crash before each.
    expect(steps).toBe(expectedSteps);
    for (let crashAt = 1; crashAt <= steps; crashAt++) {
      const world = new FakeWorkspaceWorld();
      world.crashAt = crashAt;
      const ref = create(world);
      await world.converge();
      const id = expectProvisioned(world, world.get(ref), 'root:acme', 'root');
      // Only this workspace's id holds objects; a crash may leave at most an unused tombstone behind.
      const idsWithObjects = new Set([...world.keys.keys()].filter((k) => !k.includes('/clusterids/')).map((k) => k.split('/')[4]));
      idsWithObjects.delete('root');
      expect([...idsWithObjects]).toEqual([id]);
    }
  });

  it('deletes children first, then purges every prefix of the cluster (LogicalCluster last) and the Workspace in one Txn', async () => {
    const world = new FakeWorkspaceWorld();
    const acme = world.createWorkspace('root', 'acme');
    await world.converge();
    const acmeId = world.get(acme)!.spec!.cluster!;
    const team = world.createWorkspace(acmeId, 'team-a');
    await world.converge();
    const teamId = world.get(team)!.spec!.cluster!;
    for (const id of [acmeId, teamId]) {
      world.keys.set(`/registry/core/configmaps/${id}/default/app`, true);
      world.keys.set(`/registry/example.com/widgets/${id}/default/w1`, true);
    }
    world.calls.length = 0;
    world.deleteWorkspace(acme);
    await world.converge();
    expect(world.get(acme)).toBeUndefined();
    expect(world.get(team)).toBeUndefined();
    for (const id of [acmeId, teamId]) expect(world.keysOf(id)).toEqual([`/registry/strata.dev/clusterids/${id}`]);
    // The leaf: one purge (one Txn) holding every prefix, the LogicalCluster's last. The parent's first purge was
    // refused by its child (the guard), the next one ran once the child was gone.
    const purgeOf = (id: string) => world.calls.filter((c) => c.startsWith('purge') && c.includes(`/${id}/`));
    expect(purgeOf(teamId)).toHaveLength(1);
    expect(purgeOf(acmeId)).toHaveLength(2);
    for (const id of [acmeId, teamId]) {
      const prefixes = purgeOf(id).at(-1)!.split(' ').slice(1);
      expect(prefixes.at(-1)).toBe(`/registry/core.strata.dev/logicalclusters/${id}/`);
      expect(prefixes).toEqual(expect.arrayContaining([`/registry/core/configmaps/${id}/`, `/registry/example.com/widgets/${id}/`, `/registry/tenancy.strata.dev/workspaces/${id}/`]));
    }
    expect(world.calls.indexOf(purgeOf(teamId)[0])).toBeLessThan(world.calls.lastIndexOf(purgeOf(acmeId)[1]));
    // No finalizer write: each Workspace went in its purge's Txn.
    expect(world.calls).not.toContain('write spec');
    // The same name again: a new id, nothing of the old content.
    const again = world.createWorkspace('root', 'acme');
    await world.converge();
    const newId = expectProvisioned(world, world.get(again), 'root:acme', 'root');
    expect(newId).not.toBe(acmeId);
    expect(world.keys.has(`/registry/core/configmaps/${newId}/default/app`)).toBe(false);
  });

  it('a child created just before the purge stops it (Conflict), is deleted first, then the parent is purged', async () => {
    const world = new FakeWorkspaceWorld();
    const acme = world.createWorkspace('root', 'acme');
    await world.converge();
    const acmeId = world.get(acme)!.spec!.cluster!;
    world.keys.set(`/registry/core/configmaps/${acmeId}/default/app`, true);
    let late: ReturnType<FakeWorkspaceWorld['createWorkspace']> | undefined;
    const lateAtPurge: boolean[] = [];
    world.onStep = (name) => {
      // Between the parent's discovery (no child yet) and its purge.
      if (name === 'discovery' && !late) late = world.createWorkspace(acmeId, 'late');
      if (name.startsWith('purge') && name.includes(`/${acmeId}/`)) lateAtPurge.push(world.get(late!) !== undefined);
    };
    world.calls.length = 0;
    world.deleteWorkspace(acme);
    await world.converge();
    expect(late).toBeDefined();
    // Every purge tried while the child existed was refused; the one that ran came after the child was gone.
    expect(lateAtPurge.length).toBeGreaterThanOrEqual(2);
    expect(lateAtPurge.at(-1)).toBe(false);
    expect(lateAtPurge.slice(0, -1).every(Boolean)).toBe(true);
    expect(world.get(late!)).toBeUndefined();
    expect(world.get(acme)).toBeUndefined();
    expect(world.keysOf(acmeId)).toEqual([`/registry/strata.dev/clusterids/${acmeId}`]);
  });

  it('a crash between any two steps of deletion converges: nothing of the workspace is left', async () => {
    const probe = new FakeWorkspaceWorld();
    const probeRef = probe.createWorkspace('root', 'acme');
    await probe.converge();
    const before = probe.calls.length;
    probe.deleteWorkspace(probeRef);
    await probe.converge();
    const deletionSteps = probe.calls.length - before;
    // The purge is one step (one Txn, the Workspace deleted in it): a crash lands before or after it.
    expect(probe.calls.slice(before)).toEqual(['discovery', expect.stringMatching(/^purge \/registry\//)]);
    for (let k = 1; k <= deletionSteps; k++) {
      const world = new FakeWorkspaceWorld();
      const ref = world.createWorkspace('root', 'acme');
      await world.converge();
      const id = world.get(ref)!.spec!.cluster!;
      world.keys.set(`/registry/example.com/widgets/${id}/default/w1`, true);
      world.crashAt = world.calls.length + k;
      world.deleteWorkspace(ref);
      await world.converge();
      expect(world.get(ref)).toBeUndefined();
      expect(world.keysOf(id)).toEqual([`/registry/strata.dev/clusterids/${id}`]);
    }
  });

  it('more prefixes than one Txn may hold: purged in Txns of at most MAX_DELETE_PREFIXES, the LogicalCluster alone last, crash-safe', async () => {
    const many = Array.from({ length: 2 * MAX_DELETE_PREFIXES + 10 }, (_, i) => `example.com/kind${i}`);
    const probe = new FakeWorkspaceWorld();
    probe.customResources = many;
    const probeRef = probe.createWorkspace('root', 'acme');
    await probe.converge();
    const probeId = probe.get(probeRef)!.spec!.cluster!;
    const before = probe.calls.length;
    probe.deleteWorkspace(probeRef);
    await probe.converge();
    const purges = probe.calls.slice(before).filter((c) => c.startsWith('purge')).map((c) => c.split(' ').slice(1));
    expect(purges.map((p) => p.length)).toEqual([MAX_DELETE_PREFIXES, MAX_DELETE_PREFIXES, many.length + 6 - 1 - 2 * MAX_DELETE_PREFIXES, 1]);
    expect(purges.at(-1)).toEqual([`/registry/core.strata.dev/logicalclusters/${probeId}/`]);
    expect(new Set(purges.flat()).size).toBe(many.length + 6);
    const deletionSteps = probe.calls.length - before;
    for (let k = 1; k <= deletionSteps; k++) {
      const world = new FakeWorkspaceWorld();
      world.customResources = many;
      const ref = world.createWorkspace('root', 'acme');
      await world.converge();
      const id = world.get(ref)!.spec!.cluster!;
      for (const r of [many[0], many[MAX_DELETE_PREFIXES + 1], many.at(-1)]) world.keys.set(`/registry/${r}/${id}/default/x`, true);
      world.crashAt = world.calls.length + k;
      world.deleteWorkspace(ref);
      await world.converge();
      expect(world.get(ref)).toBeUndefined();
      expect(world.keysOf(id)).toEqual([`/registry/strata.dev/clusterids/${id}`]);
    }
  });

  it('with another finalizer still on it, the purge leaves the Workspace: ours is dropped through the API, the object stays', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = world.createWorkspace('root', 'acme');
    await world.converge();
    const id = world.get(ref)!.spec!.cluster!;
    world.get(ref)!.metadata.finalizers = ['example.com/hold', 'tenancy.strata.dev/workspace'];
    world.calls.length = 0;
    world.deleteWorkspace(ref);
    await world.converge();
    expect(world.calls).toEqual(['discovery', expect.stringMatching(/^purge /), 'write spec', 'write status']);
    expect(world.get(ref)?.metadata.finalizers).toEqual(['example.com/hold']);
    expect(world.get(ref)?.status?.conditions?.find((c) => c.type === 'WorkspaceContentDeleted')?.status).toBe('True');
    expect(world.keysOf(id)).toEqual([`/registry/strata.dev/clusterids/${id}`]);
  });

  it('a Workspace changed after the pass read it is not deleted by the purge (Conflict, nothing purged); the next pass finishes', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = world.createWorkspace('root', 'acme');
    await world.converge();
    const id = world.get(ref)!.spec!.cluster!;
    world.keys.set(`/registry/core/configmaps/${id}/default/app`, true);
    world.deleteWorkspace(ref);
    const stale = structuredClone(world.get(ref)!);
    world.get(ref)!.metadata.resourceVersion = '999';
    await expect(reconcileWorkspace(ref, stale, world.deps, signal, world.writer)).rejects.toMatchObject({ code: 'Conflict' });
    expect(world.keys.has(`/registry/core/configmaps/${id}/default/app`)).toBe(true);
    expect(world.get(ref)).toBeDefined();
    await world.converge();
    expect(world.get(ref)).toBeUndefined();
    expect(world.keysOf(id)).toEqual([`/registry/strata.dev/clusterids/${id}`]);
  });

  it('a Workspace deleted before it was scheduled just loses its finalizer', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = world.createWorkspace('root', 'early');
    world.deleteWorkspace(ref);
    await world.converge();
    expect(world.get(ref)).toBeUndefined();
    expect(world.calls).toEqual(['write spec']);
  });
});
