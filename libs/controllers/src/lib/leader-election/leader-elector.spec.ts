import { FakeClock } from '../workqueue/fake-clock';
import type { Sleep } from '../reconciler/periodic-reconciler';
import { LeaderElector } from './leader-elector';
import type { LeaseLock, LeaseRecord, ObservedLease } from './lease-lock';

/** One in-memory Lease with resourceVersion checks, shared by the replicas; `partitioned` replicas get errors. */
class FakeLeaseStore {
  lease: ObservedLease | undefined;
  private rv = 0;
  readonly partitioned = new Set<string>();

  lockFor(replica: string): LeaseLock {
    const check = () => {
      if (this.partitioned.has(replica)) throw new Error('connection refused');
    };
    return {
      describe: () => 'kube-system/workspace-controller',
      get: async () => {
        check();
        return this.lease;
      },
      create: async (record: LeaseRecord) => {
        check();
        if (this.lease) return false;
        this.lease = { record, resourceVersion: String(++this.rv) };
        return true;
      },
      update: async (record: LeaseRecord, resourceVersion: string) => {
        check();
        if (!this.lease || this.lease.resourceVersion !== resourceVersion) return false;
        this.lease = { record, resourceVersion: String(++this.rv) };
        return true;
      },
    };
  }
}

describe('LeaderElector', () => {
  it('of two replicas racing for the lease, exactly one wins; a write with a stale resourceVersion loses', async () => {
    const store = new FakeLeaseStore();
    const clock = new FakeClock();
    const a = new LeaderElector({ lock: store.lockFor('a'), identity: 'a', clock, onStartedLeading: () => undefined });
    const b = new LeaderElector({ lock: store.lockFor('b'), identity: 'b', clock, onStartedLeading: () => undefined });
    const [ra, rb] = await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
    expect([ra, rb].filter(Boolean)).toHaveLength(1);
    const winner = ra ? 'a' : 'b';
    expect(store.lease?.record.holderIdentity).toBe(winner);
    expect(store.lease?.record.leaseDurationSeconds).toBe(15);
    expect(store.lease?.record.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    // The loser keeps failing while the holder renews, even long after the lease's first renewTime.
    const [leader, standby] = ra ? [a, b] : [b, a];
    for (let i = 0; i < 10; i++) {
      clock.advance(2_000);
      expect(await leader.tryAcquireOrRenew()).toBe(true);
      expect(await standby.tryAcquireOrRenew()).toBe(false);
    }
    expect(store.lease?.record.leaseTransitions).toBe(0);
  });

  it('takes over a lease not renewed for leaseDuration (by its own clock) and counts the transition', async () => {
    const store = new FakeLeaseStore();
    const clock = new FakeClock();
    const a = new LeaderElector({ lock: store.lockFor('a'), identity: 'a', clock, onStartedLeading: () => undefined });
    const b = new LeaderElector({ lock: store.lockFor('b'), identity: 'b', clock, onStartedLeading: () => undefined });
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    clock.advance(14_999);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    clock.advance(1);
    expect(await b.tryAcquireOrRenew()).toBe(true);
    expect(store.lease?.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    // The old holder now sees b's fresh lease and does not take it back.
    expect(await a.tryAcquireOrRenew()).toBe(false);
  });

  it('runs work on one replica only; a partitioned leader stops its work before the standby starts, which then leads', async () => {
    const store = new FakeLeaseStore();
    const clock = new FakeClock();
    const log: string[] = [];
    const leading = new Set<string>();
    let overlap = false;
    // Each replica's sleep moves the shared clock, so time passes as the loops run.
    const sleep: Sleep = async (ms, signal) => {
      if (signal.aborted) return;
      clock.advance(ms / 2);
      await new Promise((r) => setImmediate(r));
    };
    const replica = (id: string) =>
      new LeaderElector({
        lock: store.lockFor(id),
        identity: id,
        clock,
        sleep,
        onStartedLeading: (signal) => {
          if (leading.size > 0) overlap = true;
          leading.add(id);
          log.push(`start ${id}`);
          signal.addEventListener('abort', () => {
            leading.delete(id);
            log.push(`stop ${id}`);
          });
        },
      });
    const a = replica('a');
    const b = replica('b');
    a.start();
    await new Promise((r) => setImmediate(r));
    b.start();
    const until = async (cond: () => boolean) => {
      for (let i = 0; i < 10_000 && !cond(); i++) await new Promise((r) => setImmediate(r));
      expect(cond()).toBe(true);
    };
    await until(() => log.length >= 1);
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start a']);
    store.partitioned.add('a');
    await until(() => log.includes('start b'));
    expect(log).toEqual(['start a', 'stop a', 'start b']);
    expect(overlap).toBe(false);
    expect(b.isLeader()).toBe(true);
    expect(a.isLeader()).toBe(false);
    store.partitioned.delete('a');
    await b.stop();
    await b.stop();
    // Released on stop (empty holder), so a takes over without waiting out the lease.
    await until(() => log.filter((l) => l === 'start a').length === 2);
    expect(store.lease?.record.holderIdentity).toBe('a');
    await a.stop();
    expect(store.lease?.record.holderIdentity).toBe('');
  });
});
