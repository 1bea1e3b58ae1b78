import { FakeWorkspaceWorld } from './fake-workspace-world';
import { passScopedDeps } from './workspace-pass-deps';
import type { LogicalCluster } from './workspace-types';

const signal = new AbortController().signal;
const lc = (phase: string): LogicalCluster => ({ apiVersion: 'core.strata.dev/v1alpha1', kind: 'LogicalCluster', metadata: { name: 'cluster' }, status: { phase: phase as 'Ready' } });

describe('pass-scoped workspace deps', () => {
  it('answers a read of a LogicalCluster this pass created or updated without asking again, as a copy', async () => {
    const world = new FakeWorkspaceWorld();
    const deps = passScopedDeps(world.deps);
    await deps.createLogicalCluster('c1', lc('Initializing'), signal);
    const first = await deps.getLogicalCluster('c1', signal);
    expect(first?.status?.phase).toBe('Initializing');
    first!.status!.phase = 'Ready';
    expect((await deps.getLogicalCluster('c1', signal))?.status?.phase).toBe('Initializing');
    await deps.updateLogicalClusterStatus('c1', lc('Ready'), signal);
    expect((await deps.getLogicalCluster('c1', signal))?.status?.phase).toBe('Ready');
    expect(world.calls).toEqual(['create lc', 'update lc']);
  });

  it('remembers the LogicalCluster of a createAll, with its resourceVersion; a createAll that wrote nothing remembers nothing', async () => {
    const world = new FakeWorkspaceWorld();
    const deps = passScopedDeps(world.deps);
    const objects = [
      { key: '/registry/core.strata.dev/logicalclusters/c1/cluster', object: { apiVersion: 'core.strata.dev/v1alpha1', kind: 'LogicalCluster', metadata: { name: 'cluster' }, status: { phase: 'Ready' } } },
      { key: '/registry/core/namespaces/c1/default', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } },
    ];
    const stored = await deps.createAll('c1', objects, signal);
    expect(stored?.[0].metadata['resourceVersion']).toMatch(/^\d+$/);
    expect((await deps.getLogicalCluster('c1', signal))?.metadata.resourceVersion).toBe(stored?.[0].metadata['resourceVersion']);
    expect(world.calls).toEqual(['create all']);
    const again = passScopedDeps(world.deps);
    expect(await again.createAll('c1', objects, signal)).toBeUndefined();
    expect((await again.getLogicalCluster('c1', signal))?.status?.phase).toBe('Ready');
    expect(world.calls).toEqual(['create all', 'create all', 'get lc']);
  });

  it('reads through when it knows nothing, and after a purge; a new pass starts empty', async () => {
    const world = new FakeWorkspaceWorld();
    await world.deps.createLogicalCluster('c1', lc('Ready'), signal);
    const deps = passScopedDeps(world.deps);
    expect((await deps.getLogicalCluster('c1', signal))?.status?.phase).toBe('Ready');
    expect((await deps.getLogicalCluster('c1', signal))?.status?.phase).toBe('Ready');
    await deps.deletePrefixes(['/registry/core.strata.dev/logicalclusters/c1/'], signal);
    expect(await deps.getLogicalCluster('c1', signal)).toBeUndefined();
    expect(await passScopedDeps(world.deps).getLogicalCluster('c1', signal)).toBeUndefined();
    expect(world.calls).toEqual(['create lc', 'get lc', 'purge /registry/core.strata.dev/logicalclusters/c1/', 'get lc', 'get lc']);
  });

  it('an existing LogicalCluster is not remembered from a create that wrote nothing', async () => {
    const world = new FakeWorkspaceWorld();
    await world.deps.createLogicalCluster('c1', lc('Ready'), signal);
    const deps = passScopedDeps(world.deps);
    expect(await deps.createLogicalCluster('c1', lc('Initializing'), signal)).toBeUndefined();
    expect((await deps.getLogicalCluster('c1', signal))?.status?.phase).toBe('Ready');
    expect(world.calls).toEqual(['create lc', 'create lc', 'get lc']);
  });
});
