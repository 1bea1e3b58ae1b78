import { Etcd3 } from 'etcd3';
import { EtcdProcess } from '@strata/testing';
import { StorageError, StorageErrorCode } from '@strata/storage';
import type { EtcdWatchBatch, EtcdWatchStream } from './raw-watch';
import { openEtcdWatch, prefixRangeEnd } from './raw-watch';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

/** Reads batches until `until` says stop; rejects on the stream's error or after `timeoutMs`. */
async function collect(
  stream: EtcdWatchStream,
  until: (batches: EtcdWatchBatch[]) => boolean,
  timeoutMs = 20_000,
): Promise<EtcdWatchBatch[]> {
  const batches: EtcdWatchBatch[] = [];
  const timer = setTimeout(() => stream.close(), timeoutMs);
  try {
    for await (const b of stream) {
      batches.push(b);
      if (until(batches)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return batches;
}

const eventsOf = (batches: EtcdWatchBatch[]) => batches.flatMap((b) => b.events);
const lastRev = (batches: EtcdWatchBatch[]) => Math.max(0, ...batches.filter((b) => !b.progressNotify).map((b) => b.revision));

describe('prefixRangeEnd', () => {
  it('increments the last UTF-8 byte; the empty prefix means the whole keyspace', () => {
    expect(prefixRangeEnd('/registry/').toString()).toBe('/registry0');
    expect([...prefixRangeEnd('/é')]).toEqual([0x2f, 0xc3, 0xaa]);
    expect([...prefixRangeEnd('')]).toEqual([0]);
  });
});

describe('openEtcdWatch (integration, real etcd)', () => {
  let etcd: EtcdProcess;
  let etcdClient: Etcd3;

  beforeAll(async () => {
    etcd = await EtcdProcess.start();
    etcdClient = new Etcd3({ hosts: etcd.endpoint });
  });
  afterAll(async () => {
    etcdClient?.close();
    await etcd?.stop();
  });

  it('delivers puts and deletes in revision order with previous values', async () => {
    const start = Number((await etcdClient.put('/t1/a').value('1').exec()).header.revision) + 1;
    const stream = openEtcdWatch(etcdClient, { key: '/t1/', prefix: true, startRevision: start, prevKv: true });
    const r1 = Number((await etcdClient.put('/t1/a').value('2').exec()).header.revision);
    const r2 = Number((await etcdClient.put('/t1/b').value('x').exec()).header.revision);
    await etcdClient.put('/t1x').value('outside the prefix').exec();
    const r3 = Number((await etcdClient.delete().key('/t1/a').exec()).header.revision);
    const batches = await collect(stream, (bs) => lastRev(bs) >= r3);
    const events = eventsOf(batches);
    expect(events.map((e) => [e.type, e.kv.key, text(e.kv.value), e.kv.modRevision, e.prevKv && text(e.prevKv.value)])).toEqual([
      ['put', '/t1/a', '2', r1, '1'],
      ['put', '/t1/b', 'x', r2, undefined],
      ['delete', '/t1/a', '2', r3, '2'],
    ]);
    expect(events[2]!.kv.createRevision).toBe(events[0]!.kv.createRevision);
    const revs = batches.map((b) => b.revision);
    expect([...revs].sort((a, b) => a - b)).toEqual(revs);
  });

  it('resumes after an etcd restart without losing or duplicating events (compared with the history)', async () => {
    const start = Number((await etcdClient.put('/t2/seed').value('0').exec()).header.revision) + 1;
    const stream = openEtcdWatch(etcdClient, { key: '/t2/', prefix: true, startRevision: start, minBackoffMs: 50, maxBackoffMs: 500 });
    const got: EtcdWatchBatch[] = [];
    let final = Number.MAX_SAFE_INTEGER;
    const reader = (async () => {
      for await (const b of stream) {
        got.push(b);
        if (lastRev(got) >= final) break;
      }
    })();
    const write = async (i: number) => {
      for (;;) {
        try {
          return Number((await etcdClient.put(`/t2/k${i % 7}`).value(String(i)).exec()).header.revision);
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    let last = 0;
    for (let i = 0; i < 20; i++) last = await write(i);
    await etcd.restart();
    for (let i = 20; i < 40; i++) last = await write(i);
    await etcd.restart();
    for (let i = 40; i < 50; i++) last = await write(i);
    final = last;
    const timer = setTimeout(() => stream.close(), 30_000);
    await reader;
    clearTimeout(timer);

    const history = openEtcdWatch(etcdClient, { key: '/t2/', prefix: true, startRevision: start });
    const expected = eventsOf(await collect(history, (bs) => lastRev(bs) >= final));
    const seen = eventsOf(got);
    expect(seen.map((e) => [e.kv.key, text(e.kv.value), e.kv.modRevision])).toEqual(
      expected.map((e) => [e.kv.key, text(e.kv.value), e.kv.modRevision]),
    );
    expect(seen).toHaveLength(50);
  }, 60_000);

  it('throws ResourceVersionExpired with the compact revision when the start revision was compacted', async () => {
    const old = Number((await etcdClient.put('/t3/a').value('1').exec()).header.revision);
    const compactAt = Number((await etcdClient.put('/t3/a').value('2').exec()).header.revision);
    await etcdClient.kv.compact({ revision: compactAt, physical: true });
    const stream = openEtcdWatch(etcdClient, { key: '/t3/', prefix: true, startRevision: old });
    let caught: unknown;
    try {
      await collect(stream, () => false, 10_000);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StorageError);
    expect((caught as StorageError).code).toBe(StorageErrorCode.ResourceVersionExpired);
    expect((caught as StorageError).message).toBe('The resourceVersion for the provided watch is too old.');
    expect((caught as StorageError).revision).toBe(compactAt);
  });

  it('answers a progress request on an idle prefix with the current revision', async () => {
    const current = Number((await etcdClient.put('/t4-other').value('1').exec()).header.revision);
    const stream = openEtcdWatch(etcdClient, { key: '/t4/', prefix: true, startRevision: 0, progressNotify: true });
    const timer = setInterval(() => stream.requestProgress(), 100);
    try {
      const batches = await collect(stream, (bs) => bs.some((b) => b.progressNotify), 10_000);
      const progress = batches.find((b) => b.progressNotify)!;
      expect(progress.events).toHaveLength(0);
      expect(progress.revision).toBeGreaterThanOrEqual(current);
    } finally {
      clearInterval(timer);
    }
  });

  it('holds back reading while the consumer is slow and still delivers everything', async () => {
    const start = Number((await etcdClient.put('/t5/seed').value('0').exec()).header.revision) + 1;
    let final = 0;
    for (let i = 0; i < 40; i++) final = Number((await etcdClient.put(`/t5/k${i}`).value(String(i)).exec()).header.revision);
    const stream = openEtcdWatch(etcdClient, { key: '/t5/', prefix: true, startRevision: start, maxBufferedBatches: 2 });
    const seen: number[] = [];
    for await (const b of stream) {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(...b.events.map((e) => e.kv.modRevision));
      if (b.revision >= final) break;
    }
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => start + i));
  });
});
