import { createEtcdClient } from '@strata/storage-server';
import { EtcdProcess } from '@strata/testing';
import { configMapKey, configMapValue, loadObjects } from './objects';
import { scrapeMetric, startWatchCache } from './processes';

export interface MemoryBenchParams {
  readonly objects: number;
  readonly objectSize: number;
}

export interface MemoryBenchRow {
  readonly objects: number;
  readonly objectBytes: number;
  readonly baselineRssBytes: number;
  readonly rssBytes: number;
  readonly rssPerObject: number;
  readonly ratioToObjectSize: number;
  readonly startSeconds: number;
  /** Where the RSS goes, per object (from the process's own metrics): V8 heap in use, V8 heap reserved, buffers. */
  readonly heapUsedPerObject: number;
  readonly heapTotalPerObject: number;
  readonly externalPerObject: number;
}

/** Loads N objects into etcd and measures the watch-cache's RSS per cached object against the objects' own size. */
export async function runMemoryBench(p: MemoryBenchParams, log: (s: string) => void): Promise<MemoryBenchRow> {
  const etcd = await EtcdProcess.start({ args: ['--quota-backend-bytes', String(16 * 1024 ** 3)] });
  const etcdClient = createEtcdClient(etcd.endpoint);
  try {
    const empty = await startWatchCache(etcd.endpoint);
    await new Promise((r) => setTimeout(r, 2000));
    const baseline = empty.proc.rssBytes();
    await empty.proc.stop();
    let objectBytes = 0;
    function* data() {
      for (let i = 0; i < p.objects; i++) {
        const ws = `ws-${String(i % 10_000).padStart(5, '0')}`;
        const key = configMapKey(ws, 'default', `cm-${i}`);
        const value = configMapValue(ws, 'default', `cm-${i}`, p.objectSize);
        objectBytes += key.length + value.length;
        yield { key, value };
      }
    }
    const t0 = Date.now();
    await loadObjects(etcdClient, data(), { batch: 120, concurrency: 8, onProgress: (n) => n % 100_000 === 0 && log(`  loaded ${n}`) });
    log(`  loaded ${p.objects} objects in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const t1 = Date.now();
    const cache = await startWatchCache(etcd.endpoint);
    const startSeconds = (Date.now() - t1) / 1000;
    try {
      await new Promise((r) => setTimeout(r, 5000));
      const rss = cache.proc.rssBytes();
      const perObject = (rss - baseline) / p.objects;
      const [heapUsed, heapTotal, external] = await Promise.all(
        ['nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_external_memory_bytes'].map((m) => scrapeMetric(cache.metricsUrl, m)),
      );
      const per = (n: number | undefined) => Math.round((n ?? Number.NaN) / p.objects);
      log(`  per object: RSS ${Math.round(perObject)} B = V8 heap used ${per(heapUsed)} (reserved ${per(heapTotal)}) + external ${per(external)} + the rest`);
      return {
        objects: p.objects,
        objectBytes: objectBytes / p.objects,
        baselineRssBytes: baseline,
        rssBytes: rss,
        rssPerObject: perObject,
        ratioToObjectSize: perObject / (objectBytes / p.objects),
        startSeconds,
        heapUsedPerObject: per(heapUsed),
        heapTotalPerObject: per(heapTotal),
        externalPerObject: per(external),
      };
    } finally {
      await cache.proc.stop();
    }
  } finally {
    etcdClient.close();
    await etcd.stop();
  }
}
