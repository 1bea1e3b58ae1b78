import { CompactionProbe } from './compaction-probe';

function deferredProbe() {
  const calls: { revision: number; resolve: (served: boolean) => void; reject: (err: Error) => void }[] = [];
  const probe = new CompactionProbe(
    (revision) =>
      new Promise<boolean>((resolve, reject) => {
        calls.push({ revision, resolve, reject });
      }),
  );
  return { probe, calls };
}

describe('CompactionProbe', () => {
  it('shares one in-flight probe among callers at the same or a higher revision', async () => {
    const { probe, calls } = deferredProbe();
    const answers = [probe.notCompacted(10), probe.notCompacted(10), probe.notCompacted(15)];
    expect(calls.map((c) => c.revision)).toEqual([10]);
    calls[0]?.resolve(true);
    await expect(Promise.all(answers)).resolves.toEqual([true, true, true]);
  });

  it('probes on its own below the in-flight revision', async () => {
    const { probe, calls } = deferredProbe();
    const high = probe.notCompacted(20);
    const low = probe.notCompacted(5);
    expect(calls.map((c) => c.revision)).toEqual([20, 5]);
    calls[1]?.resolve(false);
    calls[0]?.resolve(true);
    await expect(low).resolves.toBe(false);
    await expect(high).resolves.toBe(true);
  });

  it('does not take a "compacted" answer at a lower revision for a higher one', async () => {
    const { probe, calls } = deferredProbe();
    const low = probe.notCompacted(5);
    const high = probe.notCompacted(9);
    calls[0]?.resolve(false);
    await expect(low).resolves.toBe(false);
    await Promise.resolve();
    expect(calls.map((c) => c.revision)).toEqual([5, 9]);
    calls[1]?.resolve(true);
    await expect(high).resolves.toBe(true);
  });

  it('rejects every sharer when the probe fails, and probes afresh afterwards', async () => {
    const { probe, calls } = deferredProbe();
    const a = probe.notCompacted(3);
    const b = probe.notCompacted(4);
    calls[0]?.reject(new Error('etcd down'));
    await expect(a).rejects.toThrow('etcd down');
    await expect(b).rejects.toThrow('etcd down');
    const c = probe.notCompacted(4);
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(true);
    await expect(c).resolves.toBe(true);
  });
});
