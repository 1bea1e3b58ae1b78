import { Etcd3 } from 'etcd3';
import { Registry } from 'prom-client';
import { EtcdProcess, waitFor } from '@strata/testing';
import type { WatchEvent } from '@strata/storage';
import { StorageError, StorageErrorCode } from '@strata/storage';
import { Etcd3Storage } from '../etcd3/etcd3-storage';
import type { EtcdWatchBatch, EtcdWatchStream } from '../etcd3/raw-watch';
import { openEtcdWatch } from '../etcd3/raw-watch';
import type { CacherOptions } from './cacher';
import { Cacher } from './cacher';

const enc = (obj: unknown) => new TextEncoder().encode(JSON.stringify(obj));
const cm = (name: string, data: string, labels: Record<string, string> = {}) => enc({ metadata: { name, labels }, data: { v: data } });
const val = (b: Uint8Array | undefined) => (b ? (JSON.parse(Buffer.from(b).toString()) as { data: { v: string } }).data.v : undefined);

/** Reads `n` events (or until the iterator ends/throws); rejects after `timeoutMs`. */
async function take(iter: AsyncIterator<WatchEvent>, n: number, timeoutMs = 10_000): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < n) {
    const next = await Promise.race([
      iter.next(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timeout after ${out.length} events`)), Math.max(1, deadline - Date.now()))),
    ]);
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe('Cacher (integration, real etcd)', () => {
  let etcd: EtcdProcess;
  let etcdClient: Etcd3;
  let storage: Etcd3Storage;
  const cachers: Cacher[] = [];
  const newCacher = async (extra: Partial<CacherOptions> = {}) => {
    const c = new Cacher({ etcdClient, writeThrough: storage, prefix: '/registry/', ...extra });
    cachers.push(c);
    await c.start();
    return c;
  };

  beforeAll(async () => {
    etcd = await EtcdProcess.start();
    etcdClient = new Etcd3({ hosts: etcd.endpoint });
    storage = new Etcd3Storage({ etcdClient });
  });
  afterAll(async () => {
    for (const c of cachers) await c.stop();
    etcdClient?.close();
    await etcd?.stop();
  });

  it('lists one namespace of one workspace, pages with continue tokens, and reads its own writes', async () => {
    for (const ws of ['ws1', 'ws2']) for (let i = 0; i < 5; i++) await storage.create(`/registry/core/configmaps/${ws}/default/c${i}`, cm(`c${i}`, ws));
    const cacher = await newCacher();
    const page1 = await cacher.list('/registry/core/configmaps/ws1/default/', { limit: 2 });
    expect(page1.items.map((kv) => kv.key.split('/').pop())).toEqual(['c0', 'c1']);
    expect(page1.remainingItemCount).toBe(3);
    const page2 = await cacher.list('/registry/core/configmaps/ws1/default/', { limit: 10, continueToken: page1.continueToken });
    expect(page2.items.map((kv) => kv.key.split('/').pop())).toEqual(['c2', 'c3', 'c4']);
    expect(page2.revision).toBe(page1.revision);
    expect(page2.continueToken).toBe('');
    const written = await cacher.create('/registry/core/configmaps/ws1/default/new', cm('new', 'x'));
    const got = await cacher.get('/registry/core/configmaps/ws1/default/new');
    expect(got.kv.modRevision).toBe(written.modRevision);
  });

  it('a consistent read sees a write made directly to etcd; NotOlderThan ahead of etcd is ResourceVersionTooLarge', async () => {
    const cacher = await newCacher({ freshnessTimeoutMs: 300 });
    await etcdClient.put('/registry/core/configmaps/ws3/default/direct').value(Buffer.from(cm('direct', 'etcd'))).exec();
    expect(val((await cacher.get('/registry/core/configmaps/ws3/default/direct')).kv.value)).toBe('etcd');
    const rev = await storage.currentRevision();
    await expect(cacher.get('/registry/core/configmaps/ws3/default/direct', { resourceVersion: String(rev + 100) })).rejects.toMatchObject({
      code: StorageErrorCode.ResourceVersionTooLarge,
      message: `Too large resource version: ${rev + 100}, current: ${rev}`,
    });
  });

  it('never trusts a progress notification that arrives before the events it covers (etcd < 3.4.25 race)', async () => {
    // The injected stream reports progress at R before delivering the events at R, half a second late.
    const racyWatch: typeof openEtcdWatch = (client, opts) => {
      const inner = openEtcdWatch(client, opts);
      return {
        requestProgress: () => inner.requestProgress(),
        close: () => inner.close(),
        async *[Symbol.asyncIterator](): AsyncIterator<EtcdWatchBatch> {
          for await (const b of inner) {
            if (!b.progressNotify) {
              yield { events: [], revision: b.revision, progressNotify: true };
              await new Promise((r) => setTimeout(r, 500));
            }
            yield b;
          }
        },
      } satisfies EtcdWatchStream;
    };
    const cacher = await newCacher({ openWatch: racyWatch });
    await storage.create('/registry/core/configmaps/ws4/default/raced', cm('raced', 'one'));
    expect(val((await cacher.get('/registry/core/configmaps/ws4/default/raced')).kv.value)).toBe('one');
    const list = await cacher.list('/registry/core/configmaps/ws4/default/');
    expect(list.items).toHaveLength(1);
  });

  it('two cachers on one etcd give identical answers at the same revision', async () => {
    const a = await newCacher();
    const b = await newCacher();
    await storage.create('/registry/core/configmaps/ws5/default/x', cm('x', '1'));
    const la = await a.list('/registry/core/configmaps/');
    const lb = await b.list('/registry/core/configmaps/', { resourceVersion: String(la.revision), resourceVersionMatch: 'NotOlderThan' });
    const atSame = lb.revision === la.revision ? lb : await b.list('/registry/core/configmaps/', { resourceVersion: String(la.revision), resourceVersionMatch: 'Exact' });
    expect(atSame.revision).toBe(la.revision);
    expect(atSame.items.map((kv) => [kv.key, kv.modRevision])).toEqual(la.items.map((kv) => [kv.key, kv.modRevision]));
  });

  it('watch from N replays history in order and continues across an etcd restart without loss or duplicates', async () => {
    const cacher = await newCacher();
    const start = await storage.currentRevision();
    const watcher = cacher.watch('/registry/core/configmaps/ws6/', { recursive: true, resourceVersion: String(start) })[Symbol.asyncIterator]();
    const expected: number[] = [];
    for (let i = 0; i < 5; i++) expected.push((await storage.create(`/registry/core/configmaps/ws6/default/k${i}`, cm(`k${i}`, 'a'))).modRevision);
    await etcd.restart();
    for (let i = 5; i < 10; i++) {
      for (;;) {
        try {
          expected.push((await storage.create(`/registry/core/configmaps/ws6/default/k${i}`, cm(`k${i}`, 'b'))).modRevision);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
    const events = await take(watcher, 10, 20_000);
    expect(events.map((e) => [e.type, e.revision])).toEqual(expected.map((r) => ['ADDED', r]));
    await watcher.return?.();
  }, 40_000);

  it('sendInitialEvents gives the state then an initial-events-end bookmark; selector transitions are ADDED/DELETED', async () => {
    const cacher = await newCacher();
    await storage.create('/registry/core/configmaps/ws7/default/a', cm('a', '1', { app: 'x' }));
    const watch = cacher.watch('/registry/core/configmaps/ws7/', { recursive: true, sendInitialEvents: true, allowBookmarks: true, labelSelector: 'app=x' });
    const iter = watch[Symbol.asyncIterator]();
    const initial = await take(iter, 2);
    expect(initial.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(initial[1]!.initialEventsEnd).toBe(true);
    const cur = await storage.get('/registry/core/configmaps/ws7/default/a');
    const left = await storage.update('/registry/core/configmaps/ws7/default/a', cm('a', '2', { app: 'y' }), cur.kv.modRevision);
    if (!left.succeeded) throw new Error('update lost');
    const back = await storage.update('/registry/core/configmaps/ws7/default/a', cm('a', '3', { app: 'x' }), left.kv.modRevision);
    if (!back.succeeded) throw new Error('update lost');
    const transitions = await take(iter, 2);
    expect(transitions.map((e) => [e.type, e.revision, val(e.kv?.value)])).toEqual([
      ['DELETED', left.kv.modRevision, '1'],
      ['ADDED', back.kv.modRevision, '3'],
    ]);
    await iter.return?.();
  });

  it('closes a slow watcher with a clear error while a fast one keeps going', async () => {
    const metrics = new Registry();
    const cacher = await newCacher({ watcherBufferSize: 3, metrics });
    const slow = cacher.watch('/registry/core/configmaps/ws8/', { recursive: true, resourceVersion: String(cacher.currentCacheRevision) })[Symbol.asyncIterator]();
    const fast = cacher.watch('/registry/core/configmaps/ws8/', { recursive: true, resourceVersion: String(cacher.currentCacheRevision) })[Symbol.asyncIterator]();
    // Iterating registers a watcher; the slow one then reads nothing more.
    const fastEvents = take(fast, 8);
    const slowFirst = slow.next();
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 8; i++) await storage.create(`/registry/core/configmaps/ws8/default/s${i}`, cm(`s${i}`, 'v'));
    expect((await fastEvents).map((e) => e.type)).toEqual(Array(8).fill('ADDED'));
    expect((await slowFirst).value).toMatchObject({ type: 'ADDED' });
    let err: unknown;
    try {
      await take(slow, 100);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe(StorageErrorCode.Unavailable);
    expect(await metrics.getSingleMetricAsString('apiserver_terminated_watchers_total')).toMatch(/resource="configmaps"[^\n]* 1/);
  }, 20_000);

  it('a watch older than the history is 410; compaction past the cache relists and expires its watchers', async () => {
    const metrics = new Registry();
    const cacher = await newCacher({ metrics, minHistoryEvents: 1, maxHistoryEvents: 2 });
    for (let i = 0; i < 4; i++) await storage.create(`/registry/core/configmaps/ws9/default/h${i}`, cm(`h${i}`, 'v'));
    const rev = await storage.currentRevision();
    await cacher.get('/registry/core/configmaps/ws9/default/h3'); // consistent: the cache reached rev
    let tooOld: unknown;
    try {
      await take(cacher.watch('/registry/core/configmaps/ws9/', { recursive: true, resourceVersion: String(rev - 3) })[Symbol.asyncIterator](), 1);
    } catch (e) {
      tooOld = e;
    }
    expect(tooOld).toMatchObject({ code: StorageErrorCode.ResourceVersionExpired, message: `too old resource version: ${rev - 3} (${rev - 2})` });

    // The cache's first etcd watch opens only after a write and a compaction past the cache's position.
    const relistMetrics = new Registry();
    let first = true;
    const stallable = new Cacher({
      etcdClient,
      writeThrough: storage,
      prefix: '/registry/',
      metrics: relistMetrics,
      openWatch: (client, opts) => {
        if (!first) return openEtcdWatch(client, opts);
        first = false;
        let inner: EtcdWatchStream | undefined;
        return {
          requestProgress: () => inner?.requestProgress(),
          close: () => inner?.close(),
          async *[Symbol.asyncIterator]() {
            await new Promise((r) => setTimeout(r, 1000));
            inner = openEtcdWatch(client, opts);
            yield* inner;
          },
        };
      },
    });
    cachers.push(stallable);
    await stallable.start();
    const w = stallable.watch('/registry/core/configmaps/ws9/', { recursive: true, resourceVersion: String(stallable.currentCacheRevision) })[Symbol.asyncIterator]();
    const wFirst = w.next();
    const after = await storage.create('/registry/core/configmaps/ws9/default/after', cm('after', 'v'));
    const later = await storage.create('/registry/core/configmaps/ws9/default/later', cm('later', 'v'));
    await etcdClient.kv.compact({ revision: later.modRevision, physical: true });
    let expired: unknown;
    try {
      await wFirst;
      await take(w, 10);
    } catch (e) {
      expired = e;
    }
    expect(expired).toMatchObject({ code: StorageErrorCode.ResourceVersionExpired });
    await waitFor(async () => stallable.currentCacheRevision >= later.modRevision, 10_000, 'relist');
    const relisted = await stallable.get('/registry/core/configmaps/ws9/default/after', { resourceVersion: '0' });
    expect(relisted.kv.modRevision).toBe(after.modRevision);
    expect(await relistMetrics.getSingleMetricAsString('apiserver_watch_cache_initializations_total')).toMatch(/ 2$/m);
  }, 30_000);
});
