import { readFileSync } from 'node:fs';
import type { Etcd3 } from 'etcd3';
import type { ApiServerClient } from '@strata/controllers';
import type { Stack } from '@strata/testing';
import { percentile } from './stats';

/** The services whose RSS and metric series the workspace benchmark follows. */
export const SERVICES = ['etcd', 'watch-cache', 'apiserver', 'workspace-controller'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Resident set size of a process in bytes (VmRSS from /proc), NaN when it cannot be read. */
export function rssOfPid(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a process has used, in seconds (from /proc/<pid>/stat), NaN when unreadable. */
export function cpuSecondsOfPid(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command; clock ticks are 100/s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds used so far by each service. */
export function serviceCpu(stack: Stack, etcdPid: number | undefined): Record<ServiceName, number> {
  return {
    etcd: cpuSecondsOfPid(etcdPid ?? stack.service('etcd')?.pid),
    'watch-cache': cpuSecondsOfPid(stack.service('watch-cache')?.pid),
    apiserver: cpuSecondsOfPid(stack.service('apiserver')?.pid),
    'workspace-controller': cpuSecondsOfPid(stack.service('workspace-controller')?.pid),
  };
}

/** RSS of each service of the stack (etcd's pid is passed in when the benchmark started etcd itself). */
export function serviceRss(stack: Stack, etcdPid: number | undefined): Record<ServiceName, number> {
  return {
    etcd: rssOfPid(etcdPid ?? stack.service('etcd')?.pid),
    'watch-cache': rssOfPid(stack.service('watch-cache')?.pid),
    apiserver: rssOfPid(stack.service('apiserver')?.pid),
    'workspace-controller': rssOfPid(stack.service('workspace-controller')?.pid),
  };
}

/** Number of sample lines (one per series) of a Prometheus text exposition. */
export function countSeries(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (line !== '' && !line.startsWith('#')) n++;
  return n;
}

/**
 * apiserver_request_total summed by `<VERB> <resource>[/<subresource>] <code>` (and the duration sum by
 * `<VERB> <resource>[/<subresource>]`), from a Prometheus text exposition.
 */
export function requestCounts(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^apiserver_request_total\{([^}]*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    const key = `${labels['verb'] ?? '?'} ${labels['resource'] ?? ''}${labels['subresource'] ? `/${labels['subresource']}` : ''} ${labels['code'] ?? ''}`;
    out.set(key, (out.get(key) ?? 0) + Number(m[2]));
  }
  return out;
}

/** The apiserver's /metrics text (admin token); empty when it does not answer 200. */
export async function apiServerMetricsText(apiServer: ApiServerClient): Promise<string> {
  const res = await apiServer.request({ method: 'GET', path: '/metrics' });
  return res.status === 200 && typeof res.body === 'string' ? res.body : '';
}

/** Metric series on each Strata service's /metrics (etcd's own are not ours to bound: NaN). */
export async function metricSeries(stack: Stack, apiServer: ApiServerClient): Promise<Record<ServiceName, number>> {
  const plain = async (port: number) => countSeries(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
  const api = await apiServer.request({ method: 'GET', path: '/metrics' });
  return {
    etcd: Number.NaN,
    'watch-cache': await plain(stack.ports.watchCacheMetricsPort),
    apiserver: api.status === 200 && typeof api.body === 'string' ? countSeries(api.body) : Number.NaN,
    'workspace-controller': await plain(stack.ports.controllerMetricsPort),
  };
}

/** What a scan of etcd's whole keyspace found. */
export interface EtcdScan {
  readonly keys: number;
  /** Sum of key and value lengths (the live data, without MVCC history). */
  readonly bytes: number;
  /** Backend db size (includes history until compaction). */
  readonly dbSizeBytes: number;
  /** etcd's current revision: every write (put, delete, txn with a write) bumps it once. */
  readonly revision: number;
  /** Keys for which `match` held. */
  readonly matched: readonly string[];
  /** Keys and key+value bytes by `/registry/<group>/<resource>` (a bounded set: one entry per resource). */
  readonly byResource: Record<string, { keys: number; bytes: number }>;
}

/**
 * Scans every key of etcd in pages of `page` (bounded memory whatever the keyspace), summing sizes; `match`
 * picks keys to return (e.g. those naming a deleted workspace's cluster id). At most 1,000 matches are kept.
 */
export async function scanEtcd(etcd: Etcd3, match?: (key: string) => boolean, page = 5_000): Promise<EtcdScan> {
  let keys = 0;
  let bytes = 0;
  const matched: string[] = [];
  const byResource: Record<string, { keys: number; bytes: number }> = {};
  let from = Buffer.from([0]);
  const end = Buffer.from([0]);
  for (;;) {
    const res = await etcd.kv.range({ key: from, range_end: end, limit: page });
    for (const kv of res.kvs) {
      keys++;
      bytes += kv.key.length + kv.value.length;
      const k = kv.key.toString('utf8');
      const resource = k.split('/', 4).join('/');
      const entry = (byResource[resource] ??= { keys: 0, bytes: 0 });
      entry.keys++;
      entry.bytes += kv.key.length + kv.value.length;
      if (match && matched.length < 1_000 && match(k)) matched.push(k);
    }
    if (!res.more || res.kvs.length === 0) break;
    from = Buffer.concat([res.kvs[res.kvs.length - 1].key, Buffer.from([0])]);
  }
  const status = await etcd.maintenance.status();
  return { keys, bytes, dbSizeBytes: Number(status.dbSize), revision: Number(status.header.revision), matched, byResource };
}

/** Latency percentiles of one repeated request. */
export interface LatencySample {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Times `iterations` sequential requests of `path` (each must answer 200). Rejects with the first other status. */
export async function timeRequests(apiServer: ApiServerClient, path: string, iterations: number): Promise<LatencySample> {
  const sample: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    const res = await apiServer.request({ method: 'GET', path });
    sample.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return { p50Ms: percentile(sample, 50), p99Ms: percentile(sample, 99) };
}
