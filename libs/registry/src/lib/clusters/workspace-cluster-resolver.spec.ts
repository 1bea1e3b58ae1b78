import { isStatusError } from '@strata/apimachinery';
import type { LogicalClusterRecord, WorkspaceLookup, WorkspaceRecord } from './workspace-lookup';
import { WorkspaceClusterResolver } from './workspace-cluster-resolver';

/** Workspaces as `<parentCluster>/<name>` → record, LogicalClusters by id; counts reads. */
class FakeLookup implements WorkspaceLookup {
  readonly workspaces = new Map<string, WorkspaceRecord>();
  readonly clusters = new Map<string, LogicalClusterRecord>();
  reads = 0;
  failWith: Error | undefined;

  workspace(parentCluster: string, name: string): Promise<WorkspaceRecord | undefined> {
    this.reads++;
    if (this.failWith) return Promise.reject(this.failWith);
    return Promise.resolve(this.workspaces.get(`${parentCluster}/${name}`));
  }

  logicalCluster(clusterId: string): Promise<LogicalClusterRecord | undefined> {
    this.reads++;
    return Promise.resolve(this.clusters.get(clusterId));
  }
}

async function rejection(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (err) {
    if (isStatusError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('WorkspaceClusterResolver', () => {
  let lookup: FakeLookup;
  let now: number;
  let resolver: WorkspaceClusterResolver;

  beforeEach(() => {
    lookup = new FakeLookup();
    lookup.workspaces.set('root/acme', { cluster: 'c1acme', phase: 'Ready' });
    lookup.workspaces.set('c1acme/team-a', { cluster: 'c2team', phase: 'Ready' });
    lookup.workspaces.set('root/new', { phase: 'Scheduling' });
    lookup.workspaces.set('root/half', { cluster: 'c3half', phase: 'Initializing' });
    lookup.clusters.set('c1acme', { path: 'root:acme', phase: 'Ready' });
    now = 1_000;
    resolver = new WorkspaceClusterResolver({ lookup, ttlMs: 3_000, maxEntries: 4, now: () => now });
  });

  it('resolves root without a read and paths segment by segment', async () => {
    expect(await resolver.resolve('root')).toBe('root');
    expect(lookup.reads).toBe(0);
    expect(await resolver.resolve('root:acme')).toBe('c1acme');
    expect(await resolver.resolve('root:acme:team-a')).toBe('c2team');
    // root:acme came from the cache: one more read for team-a only.
    expect(lookup.reads).toBe(2);
  });

  it('answers 404 for unknown paths (naming the requested path) and 403 for workspaces not Ready', async () => {
    expect(await rejection(resolver.resolve('root:nope'))).toEqual({ code: 404, message: 'workspace "root:nope" not found' });
    expect(await rejection(resolver.resolve('root:nope:child'))).toEqual({ code: 404, message: 'workspace "root:nope:child" not found' });
    expect(await rejection(resolver.resolve('root:new'))).toEqual({ code: 403, message: 'workspace "root:new" is not ready (phase Scheduling)' });
    expect(await rejection(resolver.resolve('root:half:x'))).toEqual({ code: 403, message: 'workspace "root:half" is not ready (phase Initializing)' });
  });

  it('resolves ids by their LogicalCluster and rejects malformed names', async () => {
    expect(await resolver.resolve('c1acme')).toBe('c1acme');
    expect(await rejection(resolver.resolve('c9none'))).toEqual({ code: 404, message: 'workspace "c9none" not found' });
    for (const bad of ['', 'Root', 'root:', 'root:Bad_Name', 'acme:x', 'a/b', '*']) {
      expect(await resolver.resolve(bad)).toBeUndefined();
    }
  });

  it('caches successes for the TTL only, never failures', async () => {
    await resolver.resolve('root:acme');
    lookup.workspaces.delete('root/acme');
    now += 2_999;
    expect(await resolver.resolve('root:acme')).toBe('c1acme');
    now += 1;
    expect((await rejection(resolver.resolve('root:acme'))).code).toBe(404);
    await rejection(resolver.resolve('root:new'));
    lookup.workspaces.set('root/new', { cluster: 'c4new', phase: 'Ready' });
    expect(await resolver.resolve('root:new')).toBe('c4new');
  });

  it('forgets every cached path through a cluster at once', async () => {
    await resolver.resolve('root:acme:team-a');
    await resolver.resolve('c1acme');
    lookup.workspaces.set('root/acme', { cluster: 'c1acme', phase: 'Terminating' });
    resolver.forget('c1acme');
    expect(await rejection(resolver.resolve('root:acme:team-a'))).toEqual({ code: 403, message: 'workspace "root:acme" is not ready (phase Terminating)' });
    lookup.clusters.delete('c1acme');
    expect((await rejection(resolver.resolve('c1acme'))).code).toBe(404);
  });

  it('stays within maxEntries however many workspaces it resolves', async () => {
    for (let i = 0; i < 20; i++) lookup.workspaces.set(`root/w${i}`, { cluster: `cw${i}`, phase: 'Ready' });
    for (let i = 0; i < 20; i++) expect(await resolver.resolve(`root:w${i}`)).toBe(`cw${i}`);
    expect(resolver.cachedEntries).toBe(4);
    resolver.forget('cw0'); // evicted long ago: nothing to do, nothing breaks
    expect(resolver.cachedEntries).toBe(4);
  });

  it('knows the path of recently resolved clusters without a read, by path or by id', async () => {
    expect(resolver.pathOf('root')).toBe('root');
    expect(resolver.pathOf('c2team')).toBeUndefined();
    await resolver.resolve('root:acme:team-a');
    expect(resolver.pathOf('c2team')).toBe('root:acme:team-a');
    expect(resolver.pathOf('c1acme')).toBe('root:acme');
    resolver.forget('c1acme');
    expect(resolver.pathOf('c1acme')).toBeUndefined();

    const reads = lookup.reads;
    await resolver.resolve('c1acme');
    expect(lookup.reads).toBe(reads + 1);
    expect(resolver.pathOf('c1acme')).toBe('root:acme');
    expect(lookup.reads).toBe(reads + 1);
    now += 3_000;
    expect(resolver.pathOf('c1acme')).toBeUndefined();

    // A LogicalCluster without status.path yet: the id resolves, its path stays unknown.
    lookup.clusters.set('c5bare', {});
    expect(await resolver.resolve('c5bare')).toBe('c5bare');
    expect(resolver.pathOf('c5bare')).toBeUndefined();
  });

  it('answers storage failures as Status errors', async () => {
    lookup.failWith = new Error('boom');
    expect((await rejection(resolver.resolve('root:acme'))).code).toBe(500);
  });
});
