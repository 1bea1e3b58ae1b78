import { RemoteStorage, listInChunks, type ListOptions, type ListResult, type Storage } from '@strata/storage';
import { Etcd3Storage, createEtcdClient } from '@strata/storage-server';
import { EtcdProcess } from '@strata/testing';
import { configMapKey, configMapValue, loadObjects } from './objects';
import { httpGet, startBenchApiServer, type BenchApiServer } from './http-list';
import { startWatchCache } from './processes';
import { median, percentile } from './stats';

/** Parameters of the LIST benchmark (issue: 10,000 objects in one namespace among 200,000 in 1,000 workspaces). */
export interface ListBenchParams {
  readonly workspaces: number;
  readonly totalObjects: number;
  readonly targetNamespaceObjects: number;
  readonly objectSize: number;
  readonly iterations: number;
}

export interface ListBenchRow {
  /** What the row measures, end to end. */
  readonly path: string;
  /** The row its speed-up is computed against (the same work without the watch-cache). */
  readonly baseline: string;
  readonly items: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly minMs: number;
}

function* dataset(p: ListBenchParams): Generator<{ key: string; value: Buffer }> {
  for (let i = 0; i < p.targetNamespaceObjects; i++) {
    const name = `cm-${i}`;
    yield { key: configMapKey('ws-0000', 'big', name), value: configMapValue('ws-0000', 'big', name, p.objectSize) };
  }
  const rest = p.totalObjects - p.targetNamespaceObjects;
  const others = Math.max(1, p.workspaces - 1);
  for (let i = 0; i < rest; i++) {
    const ws = `ws-${String(1 + (i % others)).padStart(4, '0')}`;
    const name = `cm-${i}`;
    yield { key: configMapKey(ws, 'default', name), value: configMapValue(ws, 'default', name, p.objectSize) };
  }
}

/**
 * `storage` whose lists come without the watch-cache's jsonMetaClose offsets, so the apiserver scans every value
 * for where its metadata closes, as it did before the cache shipped them: the same cache, side by side.
 */
function withoutMetaCloseOffsets(storage: RemoteStorage): Storage {
  return Object.assign(Object.create(storage) as Storage, {
    listChunks: async function* (prefix: string, opts?: ListOptions): AsyncGenerator<ListResult> {
      for await (const chunk of storage.listChunks(prefix, opts)) {
        // Decoded items are plain objects of this call: cleared in place, no copy to skew the timing.
        for (const kv of chunk.items) (kv as { jsonMetaClose?: number }).jsonMetaClose = undefined;
        yield chunk;
      }
    },
  });
}

/** Runs the LIST benchmark: the same namespace listed through the watch-cache and straight from etcd. */
export async function runListBench(p: ListBenchParams, log: (s: string) => void): Promise<ListBenchRow[]> {
  const etcd = await EtcdProcess.start({ args: ['--quota-backend-bytes', String(8 * 1024 ** 3)] });
  const etcdClient = createEtcdClient(etcd.endpoint);
  let cache: Awaited<ReturnType<typeof startWatchCache>> | undefined;
  let remote: RemoteStorage | undefined;
  const apiServers: BenchApiServer[] = [];
  try {
    const t0 = Date.now();
    await loadObjects(etcdClient, dataset(p), { onProgress: (n) => n % 50_000 === 0 && log(`  loaded ${n}`) });
    log(`  loaded ${p.totalObjects} objects in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    log("  starting watch-cache");
    cache = await startWatchCache(etcd.endpoint);
    log("  watch-cache ready");
    remote = new RemoteStorage({ addresses: [cache.address], callTimeoutMs: 60_000 });
    const prefix = '/registry/core/configmaps/ws-0000/big/';
    const decodeAll = (values: Iterable<Uint8Array>) => {
      let n = 0;
      for (const v of values) {
        JSON.parse(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString());
        n++;
      }
      return n;
    };
    const storage = remote;
    const count = (values: Iterable<unknown>) => {
      let n = 0;
      for (const _ of values) n++;
      return n;
    };
    // The real apiserver app in this process, once over the watch-cache and once over etcd directly: same data,
    // same handler (LIST answered as plain JSON), only the storage differs.
    const viaCache = await startBenchApiServer(storage, 'ws-0000');
    apiServers.push(viaCache);
    const viaEtcd = await startBenchApiServer(new Etcd3Storage({ etcdClient }), 'ws-0000');
    apiServers.push(viaEtcd);
    const viaCacheScanning = await startBenchApiServer(withoutMetaCloseOffsets(storage), 'ws-0000');
    apiServers.push(viaCacheScanning);
    const listPath = '/clusters/root/api/v1/namespaces/big/configmaps';
    // Checked once, outside the timings: both apiservers answer the same bytes, with every object. A timed
    // response (read whole, not parsed: the client is not what is measured) counts its items when it has the
    // checked length.
    const checked = await httpGet(`${viaCache.url}${listPath}`);
    const checkedItems = (JSON.parse(checked.toString()) as { items: unknown[] }).items.length;
    const viaEtcdBody = await httpGet(`${viaEtcd.url}${listPath}`);
    if (!checked.equals(viaEtcdBody) || !checked.equals(await httpGet(`${viaCacheScanning.url}${listPath}`)) || checkedItems !== p.targetNamespaceObjects) {
      throw new Error(`apiserver LIST bodies differ or are incomplete (${checkedItems} items)`);
    }
    const httpItems = async (url: string) => ((await httpGet(url)).length === checked.length ? checkedItems : 0);
    // What the apiserver does with a whole LIST: it takes the chunks as they arrive and splices the stored JSON into
    // the body without parsing it (the HTTP rows below include that and the HTTP write).
    const countChunks = async (opts: { resourceVersion: string }) => {
      let n = 0;
      for await (const chunk of listInChunks(storage, prefix, opts)) n += chunk.items.length;
      return n;
    };
    const runs: [name: string, baseline: string, run: () => Promise<number>][] = [
      ['watch-cache, consistent (RV ""), as the apiserver reads it (chunks, no parse)', 'etcd direct range + decode', () => countChunks({ resourceVersion: '' })],
      ['watch-cache, RV "0", as the apiserver reads it (chunks, no parse)', 'etcd direct range + decode', () => countChunks({ resourceVersion: '0' })],
      ['watch-cache, consistent (RV "") + JSON.parse each', 'etcd direct range + decode', async () => decodeAll((await storage.list(prefix, { resourceVersion: '' })).items.map((kv) => kv.value))],
      ['watch-cache, RV "0" + JSON.parse each', 'etcd direct range + decode', async () => decodeAll((await storage.list(prefix, { resourceVersion: '0' })).items.map((kv) => kv.value))],
      ['watch-cache, limit 500 (first page) + JSON.parse each', 'etcd direct range, limit 500 + decode', async () => decodeAll((await storage.list(prefix, { resourceVersion: '', limit: 500 })).items.map((kv) => kv.value))],
      ['etcd direct range + decode', 'etcd direct range + decode', async () => decodeAll((await etcdClient.getAll().prefix(prefix).exec()).kvs.map((kv) => kv.value))],
      ['etcd direct range, limit 500 + decode', 'etcd direct range, limit 500 + decode', async () => decodeAll((await etcdClient.getAll().prefix(prefix).limit(500).exec()).kvs.map((kv) => kv.value))],
      ['watch-cache, consistent (RV ""), bytes only (RemoteStorage.list)', 'etcd direct range, bytes only (etcd3 client)', async () => count((await storage.list(prefix, { resourceVersion: '' })).items)],
      ['etcd direct range, bytes only (etcd3 client)', 'etcd direct range, bytes only (etcd3 client)', async () => count((await etcdClient.getAll().prefix(prefix).exec()).kvs)],
      ['HTTP apiserver LIST JSON over watch-cache, consistent (RV "")', 'HTTP apiserver LIST JSON over etcd directly (Etcd3Storage)', () => httpItems(`${viaCache.url}${listPath}`)],
      ['HTTP apiserver LIST JSON over watch-cache, RV "0"', 'HTTP apiserver LIST JSON over etcd directly (Etcd3Storage)', () => httpItems(`${viaCache.url}${listPath}?resourceVersion=0`)],
      [
        'HTTP apiserver LIST JSON over watch-cache, consistent (RV ""), offsets dropped (apiserver scans each value)',
        'HTTP apiserver LIST JSON over etcd directly (Etcd3Storage)',
        () => httpItems(`${viaCacheScanning.url}${listPath}`),
      ],
      ['HTTP apiserver LIST JSON over etcd directly (Etcd3Storage)', 'HTTP apiserver LIST JSON over etcd directly (Etcd3Storage)', () => httpItems(`${viaEtcd.url}${listPath}`)],
    ];
    const rows: ListBenchRow[] = [];
    // Interleave the paths round by round so machine noise hits all of them alike, in a new order every round
    // (a fixed seed, so runs are comparable): no path always runs right after the same one, whose garbage (10 MB
    // paths leave plenty) would be collected during it. Rotating the order is not enough: it keeps neighbours.
    const samples = new Map<string, number[]>(runs.map(([n]) => [n, []]));
    const items = new Map<string, number>();
    for (const [, , fn] of runs) await fn(); // warm-up
    let seed = 0x5eed;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let round = 0; round < p.iterations; round++) {
      const order = [...runs];
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as (typeof runs)[number], order[i] as (typeof runs)[number]];
      }
      for (const [name, , fn] of order) {
        const t0 = performance.now();
        items.set(name, await fn());
        samples.get(name)?.push(performance.now() - t0);
      }
    }
    for (const [name, baseline] of runs) {
      const s = samples.get(name) ?? [];
      rows.push({ path: name, baseline, items: items.get(name) ?? 0, p50Ms: median(s), p99Ms: percentile(s, 99), minMs: Math.min(...s) });
    }
    return rows;
  } finally {
    for (const a of apiServers) await a.stop();
    remote?.close();
    await cache?.proc.stop();
    etcdClient.close();
    await etcd.stop();
  }
}
