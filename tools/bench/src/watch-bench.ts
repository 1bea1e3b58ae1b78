import { setMaxListeners } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Etcd3, Watcher } from 'etcd3';
import { RemoteStorage } from '@strata/storage';
import { createEtcdClient } from '@strata/storage-server';
import { EtcdProcess } from '@strata/testing';
import { configMapKey, configMapValue, loadObjects, writtenAt } from './objects';
import { startGrpcProxy, startWatchCache, scrapeMetric } from './processes';
import { LatencyRecorder } from './stats';

/** Parameters of the watch fan-out benchmark (issue: 10,000 watches over 1,000 workspaces, 1,000 writes/s). */
export interface WatchBenchParams {
  readonly workspaces: number;
  readonly watchesPerWorkspace: number;
  readonly writesPerSecond: number;
  readonly durationSeconds: number;
  readonly objectSize: number;
  /** Skip the etcd direct and grpc-proxy rows (bisecting the watch-cache path). */
  readonly cacheOnly?: boolean;
  /** Also measure the watch-cache with a Watch RPC per watch (the transport before WatchMany), in the same run. */
  readonly streamPerWatch?: boolean;
}

export interface WatchBenchRow {
  readonly path: string;
  readonly watches: number;
  readonly writes: number;
  readonly expectedEvents: number;
  readonly deliveredEvents: number;
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly openSeconds: number;
  readonly etcdWatchStreams: number;
  readonly etcdWatchers: number;
}

const now = () => performance.timeOrigin + performance.now();
const wsName = (i: number) => `ws-${String(i).padStart(4, '0')}`;
const wsPrefix = (i: number) => `/registry/core/configmaps/${wsName(i)}/`;

interface Target {
  readonly name: string;
  /** Opens every watch from `revision`; each delivered event calls `onEvent`. Returns a closer. */
  open(revision: number, onEvent: (value: Uint8Array) => void): Promise<() => Promise<void>>;
}

/** One write per workspace with written-at 0 (not a measured event): it reaches every watch once they are set up. */
async function writeWarmup(etcdClient: Etcd3, p: WatchBenchParams): Promise<void> {
  const puts: Promise<unknown>[] = [];
  for (let w = 0; w < p.workspaces; w++) {
    puts.push(etcdClient.put(configMapKey(wsName(w), 'default', 'cm-warmup')).value(configMapValue(wsName(w), 'default', 'cm-warmup', p.objectSize, 0)).exec());
    if (puts.length >= 200) await Promise.all(puts.splice(0));
  }
  await Promise.all(puts);
}

/** What a write-load worker thread is started with (see {@link runWatchWriterWorker}). */
export interface WatchWriterWorkerData {
  readonly kind: 'watch-writer';
  readonly endpoint: string;
  readonly params: WatchBenchParams;
}

/**
 * Runs the write load on its own thread (this same bundle, started as a worker), so the 10,000 consumers of the
 * measured path do not starve the writer of its event loop: the load is what the issue names on every path, not
 * what is left over. Resolves with the number of writes.
 */
function writeLoadInWorker(endpoint: string, p: WatchBenchParams): Promise<number> {
  const workerData: WatchWriterWorkerData = { kind: 'watch-writer', endpoint, params: p };
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData });
    worker.once('message', (written: number) => resolve(written));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`write-load worker exited with ${code} before reporting`)));
  });
}

/** The worker side of {@link writeLoadInWorker}: writes, posts the count, closes its client. */
export async function runWatchWriterWorker(data: WatchWriterWorkerData, post: (written: number) => void): Promise<void> {
  const client = createEtcdClient(data.endpoint);
  try {
    post(await writeLoad(client, data.params));
  } finally {
    client.close();
  }
}

/** Drives the write load: `writesPerSecond` updates spread round-robin over the workspaces for `seconds`. */
async function writeLoad(etcdClient: Etcd3, p: WatchBenchParams): Promise<number> {
  const tickMs = 10;
  const perTick = p.writesPerSecond / (1000 / tickMs);
  const end = Date.now() + p.durationSeconds * 1000;
  let written = 0;
  let debt = 0;
  const pending = new Set<Promise<unknown>>();
  while (Date.now() < end) {
    const tickStart = Date.now();
    debt += perTick;
    while (debt >= 1) {
      debt--;
      const ws = written % p.workspaces;
      const name = `cm-${Math.floor(written / p.workspaces) % 5}`;
      const key = configMapKey(wsName(ws), 'default', name);
      const pr = etcdClient.put(key).value(configMapValue(wsName(ws), 'default', name, p.objectSize, now())).exec();
      pending.add(pr);
      void pr.finally(() => pending.delete(pr));
      written++;
      if (pending.size > 2000) await Promise.race(pending); // bounded in flight
    }
    const sleep = tickMs - (Date.now() - tickStart);
    if (sleep > 0) await new Promise((r) => setTimeout(r, sleep));
  }
  await Promise.all(pending);
  return written;
}

async function runOne(target: Target, etcd: EtcdProcess, etcdClient: Etcd3, p: WatchBenchParams, log: (s: string) => void): Promise<WatchBenchRow> {
  const latency = new LatencyRecorder();
  let delivered = 0;
  const revision = Number((await etcdClient.get('/registry/').exec()).header.revision);
  const watches = p.workspaces * p.watchesPerWorkspace;
  let warmed = 0;
  const t0 = Date.now();
  const close = await target.open(revision, (value) => {
    const at = writtenAt(value);
    if (at === 0) {
      warmed++;
      return;
    }
    delivered++;
    latency.record(now() - at);
  });
  try {
    // Every path measures established watches: opening a watch returns before the server has set it up on some
    // paths (a gRPC stream is opened lazily), so one warm-up write per workspace must reach every watch first.
    await writeWarmup(etcdClient, p);
    const warmDeadline = Date.now() + 300_000;
    while (warmed < watches && Date.now() < warmDeadline) await new Promise((r) => setTimeout(r, 50));
    const openSeconds = (Date.now() - t0) / 1000;
    log(`  ${target.name}: ${watches} watches open, warm-up event seen by ${warmed} of them, in ${openSeconds.toFixed(1)} s`);
    if (warmed < watches) throw new Error(`${target.name}: only ${warmed} of ${watches} watches saw the warm-up write within 300 s`);
    await new Promise((r) => setTimeout(r, 1000));
    const streamsDuring: number[] = [];
    const watchersDuring: number[] = [];
    const sampler = setInterval(() => {
      void scrapeMetric(`${etcd.endpoint}/metrics`, 'etcd_debugging_mvcc_watch_stream_total').then((v) => streamsDuring.push(v));
      void scrapeMetric(`${etcd.endpoint}/metrics`, 'etcd_debugging_mvcc_watcher_total').then((v) => watchersDuring.push(v));
    }, 1000);
    const t1 = Date.now();
    const writes = await writeLoadInWorker(etcd.endpoint, p);
    // Let in-flight deliveries land (bounded wait).
    const expected = writes * p.watchesPerWorkspace;
    const deadline = Date.now() + 10_000;
    while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const elapsed = (Date.now() - t1) / 1000;
    clearInterval(sampler);
    return {
      path: target.name,
      watches: p.workspaces * p.watchesPerWorkspace,
      writes,
      expectedEvents: expected,
      deliveredEvents: delivered,
      eventsPerSecond: delivered / elapsed,
      p50Ms: latency.p(50),
      p99Ms: latency.p(99),
      maxMs: latency.max,
      openSeconds,
      etcdWatchStreams: Math.max(...streamsDuring),
      etcdWatchers: Math.max(...watchersDuring),
    };
  } finally {
    await close();
  }
}

function etcdTarget(name: string, endpoint: string, p: WatchBenchParams): Target {
  return {
    name,
    async open(revision, onEvent) {
      const client = createEtcdClient(endpoint);
      const watchers: Watcher[] = [];
      for (let w = 0; w < p.workspaces; w++) {
        for (let i = 0; i < p.watchesPerWorkspace; i++) {
          const watcher = await client.watch().prefix(wsPrefix(w)).startRevision(String(revision + 1)).create();
          watcher.on('put', (kv) => onEvent(kv.value));
          watchers.push(watcher);
        }
      }
      return async () => {
        await Promise.all(watchers.map((x) => x.cancel().catch(() => undefined)));
        client.close();
      };
    },
  };
}

function cacheTarget(address: string, p: WatchBenchParams, multiplexWatches = true): Target {
  return {
    name: multiplexWatches ? 'watch-cache (gRPC)' : 'watch-cache (gRPC, stream per watch)',
    async open(revision, onEvent) {
      const remote = new RemoteStorage({ addresses: [address], callTimeoutMs: 60_000, multiplexWatches });
      const ac = new AbortController();
      setMaxListeners(0, ac.signal); // one signal cancels every watch of this target
      const started: Promise<void>[] = [];
      for (let w = 0; w < p.workspaces; w++) {
        for (let i = 0; i < p.watchesPerWorkspace; i++) {
          const it = remote.watch(wsPrefix(w), { recursive: true, resourceVersion: String(revision), signal: ac.signal });
          started.push(
            (async () => {
              try {
                for await (const ev of it) if (ev.kv && ev.type !== 'BOOKMARK') onEvent(ev.kv.value);
              } catch (err) {
                if (!ac.signal.aborted) throw err;
              }
            })(),
          );
        }
      }
      return async () => {
        ac.abort();
        await Promise.allSettled(started);
        remote.close();
      };
    },
  };
}

/** Runs the watch fan-out benchmark against the watch-cache, etcd directly, and etcd's grpc-proxy, in one run. */
export async function runWatchBench(p: WatchBenchParams, log: (s: string) => void): Promise<WatchBenchRow[]> {
  const etcd = await EtcdProcess.start({ args: ['--quota-backend-bytes', String(8 * 1024 ** 3)] });
  const etcdClient = createEtcdClient(etcd.endpoint);
  const rows: WatchBenchRow[] = [];
  try {
    function* seed() {
      for (let w = 0; w < p.workspaces; w++)
        for (let i = 0; i < 5; i++) yield { key: configMapKey(wsName(w), 'default', `cm-${i}`), value: configMapValue(wsName(w), 'default', `cm-${i}`, p.objectSize) };
    }
    await loadObjects(etcdClient, seed());
    const cache = await startWatchCache(etcd.endpoint);
    try {
      if (p.streamPerWatch) rows.push(await runOne(cacheTarget(cache.address, p, false), etcd, etcdClient, p, log));
      rows.push(await runOne(cacheTarget(cache.address, p), etcd, etcdClient, p, log));
      const dispatched = await scrapeMetric(cache.metricsUrl, 'apiserver_watch_cache_events_dispatched_total');
      const terminated = await scrapeMetric(cache.metricsUrl, 'apiserver_terminated_watchers_total');
      log(`  watch-cache: ${dispatched} events dispatched, ${Number.isNaN(terminated) ? 0 : terminated} watchers terminated as too slow`);
    } finally {
      await cache.proc.stop();
    }
    if (p.cacheOnly) return rows;
    rows.push(await runOne(etcdTarget('etcd direct', etcd.endpoint, p), etcd, etcdClient, p, log));
    const proxy = await startGrpcProxy(etcd.endpoint);
    try {
      rows.push(await runOne(etcdTarget('etcd grpc-proxy', proxy.endpoint, p), etcd, etcdClient, p, log));
    } finally {
      await proxy.proc.stop();
    }
    return rows;
  } finally {
    etcdClient.close();
    await etcd.stop();
  }
}
