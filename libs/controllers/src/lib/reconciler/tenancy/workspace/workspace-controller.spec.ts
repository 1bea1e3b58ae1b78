import { Registry } from 'prom-client';
import type { ListWatcher } from '../../../informer/list-watcher';
import type { RawWatchEvent } from '../../../informer/watch-stream';
import { FakeWorkspaceWorld } from './fake-workspace-world';
import { WorkspaceController } from './workspace-controller';
import type { Workspace } from './workspace-types';

/** Lists what `items` holds, then streams what the test pushes. */
function feed(items: Workspace[]) {
  const pending: RawWatchEvent[] = [];
  let wake: (() => void) | undefined;
  const lw: ListWatcher<Workspace> = {
    list: async () => ({ items: structuredClone(items), resourceVersion: '100' }),
    async *watch(_rv, signal) {
      while (!signal.aborted) {
        const next = pending.shift();
        if (next) {
          yield next;
          continue;
        }
        await new Promise<void>((r) => {
          wake = r;
          signal.addEventListener('abort', () => r(), { once: true });
        });
      }
    },
  };
  return {
    lw,
    push(e: RawWatchEvent) {
      pending.push(e);
      wake?.();
    },
  };
}

const until = async (cond: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 10));
  expect(await cond()).toBe(true);
};

describe('WorkspaceController', () => {
  it('reconciles each Workspace from the informer, writes only changes, feeds events back, and counts phases', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = world.createWorkspace('root', 'acme');
    const registry = new Registry();
    const source = feed([world.get(ref)!]);
    world.onTxnWorkspace = (type, ws) => source.push({ type, object: ws as never });
    const writes: string[] = [];
    const controller = new WorkspaceController({
      listWatcher: source.lw,
      deps: world.deps,
      registry,
      write: async (r, original, updated) => {
        if (JSON.stringify(original) === JSON.stringify(updated)) return { wrote: false };
        world.write(r, original, updated);
        const stored = world.get(r)!;
        writes.push(`${stored.spec?.cluster ? 'id' : 'no id'}, ${stored.status?.phase ?? ''}`);
        source.push({ type: 'MODIFIED', object: structuredClone(stored) as never });
        return { wrote: true, resourceVersion: stored.metadata.resourceVersion };
      },
    });
    const stop = new AbortController();
    const running = controller.run(stop.signal);
    await until(() => world.get(ref)?.status?.phase === 'Ready');
    await until(async () => (await registry.metrics()).includes('strata_workspaces{phase="Ready"} 1'));
    expect(controller.hasSynced()).toBe(true);
    const text = await registry.metrics();
    expect(text).toContain('strata_workspaces{phase="Scheduling"} 0');
    expect(text).toContain('workqueue_adds_total{name="workspace"}');
    expect(text).toContain('strata_controller_reconcile_duration_seconds_count{controller="workspace"}');
    stop.abort();
    await running;
    // One pass: the id persisted first (the stored phase still Scheduling), then the bootstrap Txn stores the
    // Workspace Ready with its content; no write through the API follows, and the events change nothing more.
    expect(writes).toEqual(['id, Scheduling']);
    expect(world.calls.filter((c) => c === 'create all')).toHaveLength(1);
  });

  it("schedules a child of a Ready parent with the parent's path from the informer, reading no LogicalCluster", async () => {
    const world = new FakeWorkspaceWorld();
    const acme = world.createWorkspace('root', 'acme');
    await world.converge();
    const acmeId = world.get(acme)!.spec!.cluster!;
    const team = world.createWorkspace(acmeId, 'team-a');
    world.calls.length = 0;
    const source = feed([world.get(acme)!, world.get(team)!]);
    const controller = new WorkspaceController({
      listWatcher: source.lw,
      deps: world.deps,
      write: async (r, original, updated) => {
        world.write(r, original, updated);
        return { wrote: true, resourceVersion: world.get(r)?.metadata.resourceVersion };
      },
    });
    const stop = new AbortController();
    const running = controller.run(stop.signal);
    await until(() => world.get(team)?.status?.phase === 'Ready');
    stop.abort();
    await running;
    expect(world.get(team)?.spec?.URL).toBe('https://strata.example:6443/clusters/root:acme:team-a');
    expect(world.lc(world.get(team)!.spec!.cluster!)?.status?.path).toBe('root:acme:team-a');
    expect(world.calls).not.toContain('path');
    expect(world.calls).toContain('reserve');
  });

  it('retries a failing Workspace with backoff and counts the errors', async () => {
    const world = new FakeWorkspaceWorld();
    const ref = world.createWorkspace('root', 'acme');
    let failures = 2;
    const deps = {
      ...world.deps,
      pathOfCluster: async (id: string, signal: AbortSignal) => {
        if (failures-- > 0) throw new Error('apiserver unavailable');
        return world.deps.pathOfCluster(id, signal);
      },
    };
    const registry = new Registry();
    const source = feed([world.get(ref)!]);
    const controller = new WorkspaceController({
      listWatcher: source.lw,
      deps,
      registry,
      write: async (r, original, updated) => {
        world.write(r, original, updated);
        return { wrote: true, resourceVersion: world.get(r)?.metadata.resourceVersion };
      },
    });
    const stop = new AbortController();
    const running = controller.run(stop.signal);
    await until(() => world.get(ref)?.spec?.cluster !== undefined);
    const text = await registry.metrics();
    expect(text).toContain('strata_controller_reconcile_errors_total{controller="workspace"} 2');
    expect(text).toContain('workqueue_retries_total{name="workspace"} 2');
    stop.abort();
    await running;
  });
});
