import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiServerClient } from '@strata/controllers';
import type { ApiServerConnection } from '@strata/controllers';
import { createEtcdClient } from '@strata/storage-server';
import { EtcdProcess, Stack } from '@strata/testing';
import { WorkspaceCreator } from './workspace-bench-creator';
import { branchingFor } from './workspace-bench-plan';
import type { WorkspaceShape } from './workspace-bench-plan';
import { SERVICES, apiServerMetricsText, metricSeries, requestCounts, scanEtcd, serviceCpu, serviceRss, timeRequests } from './workspace-bench-probes';
import type { LatencySample, ServiceName } from './workspace-bench-probes';
import { WorkspaceWatch } from './workspace-bench-watch';

/** Parameters of the workspace benchmark (issue 5, "a million workspaces on this machine"). */
export interface WorkspaceBenchParams {
  readonly workspaces: number;
  readonly concurrency: number;
  readonly shape: WorkspaceShape;
  /** Tree depth (kcp's load test: 5) and minimum branching (kcp: 7; grows when N does not fit). */
  readonly depth: number;
  readonly branching: number;
  /** Size of the tree whose deletion is timed after the main creation (0: skip). */
  readonly deleteTree: number;
  /** Sequential GETs and LISTs timed in one workspace at each checkpoint. */
  readonly probeIterations: number;
  readonly readyTimeoutMs: number;
  readonly deleteTimeoutMs: number;
}

/** Measurements once N workspaces exist. */
export interface WorkspaceCheckpoint {
  readonly n: number;
  readonly elapsedSeconds: number;
  /** Creations/s over the segment that ended here, and POST → Ready latency in it. */
  readonly segmentRate: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly etcdKeys: number;
  readonly etcdBytes: number;
  readonly etcdDbSizeBytes: number;
  readonly keysPerWorkspace: number;
  readonly bytesPerWorkspace: number;
  /** Per resource: key+value bytes per workspace (growth over the baseline / N). */
  readonly bytesPerWorkspaceByResource: Record<string, number>;
  /** etcd revisions (writes) per workspace created in the segment (includes the benchmark's own POST). */
  readonly etcdWritesPerWorkspace: number;
  /** apiserver requests per workspace created in the segment, by `<VERB> <resource> <code>` (all clients). */
  readonly requestsPerWorkspace: Record<string, number>;
  /** CPU milliseconds per workspace created in the segment, by service (and the benchmark's own). */
  readonly cpuMsPerWorkspace: Record<ServiceName | 'bench', number>;
  readonly rss: Record<ServiceName, number>;
  readonly series: Record<ServiceName, number>;
  readonly get: LatencySample;
  readonly list: LatencySample;
}

/** Result of the timed deletion of a tree. */
export interface WorkspaceDeletion {
  readonly workspaces: number;
  readonly createSeconds: number;
  readonly deleteSeconds: number;
  /** Keys naming one of the deleted cluster ids, besides their never-deleted id tombstones. */
  readonly leftoverKeys: readonly string[];
  /** etcd revisions (writes) per deleted workspace, from the DELETE of the top until it was gone. */
  readonly etcdWritesPerWorkspace: number;
  /** apiserver requests per deleted workspace over the same span, by `<VERB> <resource> <code>` (all clients). */
  readonly requestsPerWorkspace: Record<string, number>;
  /** CPU milliseconds per deleted workspace over the same span, by service. */
  readonly cpuMsPerWorkspace: Record<ServiceName, number>;
}

/** Everything one run measured. */
export interface WorkspaceBenchResult {
  readonly params: WorkspaceBenchParams & { readonly effectiveBranching: number };
  readonly baseline: { readonly etcdKeys: number; readonly etcdBytes: number; readonly rss: Record<ServiceName, number>; readonly series: Record<ServiceName, number> };
  readonly checkpoints: readonly WorkspaceCheckpoint[];
  readonly overallRate: number;
  readonly deletion?: WorkspaceDeletion;
}

/** Checkpoints: 1,000, 10,000, ... below N, and N itself. */
export function checkpointsFor(n: number): number[] {
  const out: number[] = [];
  for (let c = 1_000; c < n; c *= 10) {
    out.push(c);
    // A long run also stops at 300,000 (and 3,000,000): what it measured is kept if it is stopped later.
    if (c >= 100_000 && 3 * c < n) out.push(3 * c);
  }
  out.push(n);
  return out;
}

/** The pid of the etcd serving `endpoint` (found by its command line; the testing harness does not expose it). */
function etcdPidFor(endpoint: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmd[0]?.endsWith('etcd') && cmd.includes(endpoint)) return Number(entry);
    } catch {
      // the process went away
    }
  }
  return undefined;
}

/**
 * Runs the workspace benchmark against a real Stack (etcd + watch-cache + apiserver + workspace-controller child
 * processes from dist/): creates N workspaces (flat or tree) with concurrency C, measuring at each checkpoint,
 * then times the deletion of a separate tree and scans etcd for anything left of it. Stops everything it started.
 * `onCheckpoint` gets what was measured so far after each checkpoint.
 */
export async function runWorkspaceBench(
  p: WorkspaceBenchParams,
  log: (s: string) => void,
  onCheckpoint?: (partial: Omit<WorkspaceBenchResult, 'overallRate'>) => void,
): Promise<WorkspaceBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-ws-bench-'));
  // etcd as the apiserver's operators run it: a larger quota and periodic compaction (Strata does not compact).
  const etcd = await EtcdProcess.start({
    dataDir: join(dir, 'etcd'),
    args: ['--quota-backend-bytes', String(8 * 1024 ** 3), '--auto-compaction-mode', 'periodic', '--auto-compaction-retention', '5m'],
  });
  const etcdClient = createEtcdClient(etcd.endpoint);
  let stack: Stack | undefined;
  let watch: WorkspaceWatch | undefined;
  try {
    stack = await Stack.start({ dataDir: join(dir, 'stack'), etcdEndpoints: [etcd.endpoint], logLevel: 'warn', readyTimeoutMs: 120_000 });
    const etcdPid = etcdPidFor(etcd.endpoint);
    const connection: ApiServerConnection = { server: stack.server, caPem: stack.caPem, token: stack.adminToken };
    const apiServer = new ApiServerClient(connection, 120_000);
    watch = new WorkspaceWatch(connection);
    await watch.start();
    const effectiveBranching = p.shape === 'tree' ? branchingFor(p.workspaces, p.depth, p.branching) : 0;
    await new Promise((r) => setTimeout(r, 2_000));
    const scan0 = await scanEtcd(etcdClient);
    const baseline = { etcdKeys: scan0.keys, etcdBytes: scan0.bytes, rss: serviceRss(stack, etcdPid), series: await metricSeries(stack, apiServer) };
    log(`workspaces: ${p.workspaces} ${p.shape}${p.shape === 'tree' ? ` (depth ${p.depth}, branching ${effectiveBranching})` : ''}, concurrency ${p.concurrency}`);

    const creator = new WorkspaceCreator({
      apiServer,
      watch,
      shape: p.shape,
      branching: effectiveBranching,
      concurrency: p.concurrency,
      top: { path: 'root', clusterId: 'root' },
      prefix: 'ws',
      readyTimeoutMs: p.readyTimeoutMs,
    });
    const checkpoints: WorkspaceCheckpoint[] = [];
    const probePath = `/clusters/${creator.pathOf(0)}/api/v1/namespaces/default/configmaps`;
    const tStart = performance.now();
    let done = 0;
    let prevRevision = scan0.revision;
    let prevCounts = requestCounts(await apiServerMetricsText(apiServer));
    const usage0 = process.cpuUsage();
    let prevCpu = { ...serviceCpu(stack, etcdPid), bench: (usage0.user + usage0.system) / 1e6 };
    for (const target of checkpointsFor(p.workspaces)) {
      const segment = await creator.createRange(done, target);
      const created = target - done;
      const segmentRate = created / segment.seconds;
      done = target;
      // Read before the probes below, so the segment's counts are the creations' only.
      const counts = requestCounts(await apiServerMetricsText(apiServer));
      const revision = (await etcdClient.maintenance.status()).header.revision;
      const requestsPerWorkspace: Record<string, number> = {};
      for (const [k, v] of counts) {
        const delta = v - (prevCounts.get(k) ?? 0);
        if (delta > 0 && !k.includes('configmaps')) requestsPerWorkspace[k] = Number((delta / created).toFixed(3));
      }
      const etcdWritesPerWorkspace = (Number(revision) - prevRevision) / created;
      const usage = process.cpuUsage();
      const cpu = { ...serviceCpu(stack, etcdPid), bench: (usage.user + usage.system) / 1e6 };
      const cpuMsPerWorkspace = Object.fromEntries([...SERVICES, 'bench' as const].map((s) => [s, ((cpu[s] - prevCpu[s]) * 1000) / created])) as Record<ServiceName | 'bench', number>;
      const elapsedSeconds = (performance.now() - tStart) / 1000;
      log(`  ${target} Ready after ${elapsedSeconds.toFixed(1)} s (${segmentRate.toFixed(1)}/s in this segment, p99 ${segment.latency.p(99).toFixed(0)} ms); measuring`);
      if (checkpoints.length === 0) {
        const res = await apiServer.request({ method: 'POST', path: probePath, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe' }, data: { a: '1' } } });
        if (res.status !== 201) throw new Error(`creating the probe ConfigMap answered ${res.status}: ${JSON.stringify(res.body)}`);
      }
      const scan = await scanEtcd(etcdClient);
      prevRevision = scan.revision;
      checkpoints.push({
        n: target,
        elapsedSeconds,
        segmentRate,
        p50Ms: segment.latency.p(50),
        p99Ms: segment.latency.p(99),
        maxMs: segment.latency.max,
        etcdKeys: scan.keys,
        etcdBytes: scan.bytes,
        etcdDbSizeBytes: scan.dbSizeBytes,
        keysPerWorkspace: (scan.keys - scan0.keys) / target,
        bytesPerWorkspace: (scan.bytes - scan0.bytes) / target,
        bytesPerWorkspaceByResource: Object.fromEntries(
          Object.entries(scan.byResource).map(([r, v]) => [r, Math.round((v.bytes - (scan0.byResource[r]?.bytes ?? 0)) / target)]).filter(([, v]) => Number(v) > 0),
        ),
        etcdWritesPerWorkspace,
        requestsPerWorkspace,
        cpuMsPerWorkspace,
        rss: serviceRss(stack, etcdPid),
        series: await metricSeries(stack, apiServer),
        get: await timeRequests(apiServer, `${probePath}/probe`, p.probeIterations),
        list: await timeRequests(apiServer, probePath, p.probeIterations),
      });
      onCheckpoint?.({ params: { ...p, effectiveBranching }, baseline, checkpoints });
      prevCounts = requestCounts(await apiServerMetricsText(apiServer));
      const after = process.cpuUsage();
      prevCpu = { ...serviceCpu(stack, etcdPid), bench: (after.user + after.system) / 1e6 };
    }
    const overallRate = p.workspaces / ((performance.now() - tStart) / 1000);

    let deletion: WorkspaceDeletion | undefined;
    const started = stack;
    if (p.deleteTree > 0) deletion = await timeTreeDeletion(p, apiServer, watch, etcdClient, () => serviceCpu(started, etcdPid), log);
    return { params: { ...p, effectiveBranching }, baseline, checkpoints, overallRate, deletion };
  } finally {
    await watch?.stop();
    await stack?.stop();
    etcdClient.close();
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Creates `del-top` in root with a tree of deleteTree-1 workspaces under it, deletes `del-top`, waits, scans etcd. */
async function timeTreeDeletion(
  p: WorkspaceBenchParams,
  apiServer: ApiServerClient,
  watch: WorkspaceWatch,
  etcdClient: ReturnType<typeof createEtcdClient>,
  cpuNow: () => Record<ServiceName, number>,
  log: (s: string) => void,
): Promise<WorkspaceDeletion> {
  const WS = '/apis/tenancy.strata.dev/v1alpha1/workspaces';
  log(`deletion: creating a ${p.deleteTree}-workspace tree under root:del-top`);
  const t0 = performance.now();
  const topReady = watch.whenReady('root', 'del-top');
  const res = await apiServer.request({ method: 'POST', path: `/clusters/root${WS}`, body: { apiVersion: 'tenancy.strata.dev/v1alpha1', kind: 'Workspace', metadata: { name: 'del-top' } } });
  if (res.status !== 201) throw new Error(`POST del-top answered ${res.status}: ${JSON.stringify(res.body)}`);
  const topId = await topReady;
  const creator = new WorkspaceCreator({
    apiServer,
    watch,
    shape: 'tree',
    branching: branchingFor(p.deleteTree - 1, p.depth, p.branching),
    concurrency: p.concurrency,
    top: { path: 'root:del-top', clusterId: topId },
    prefix: 'del',
    readyTimeoutMs: p.readyTimeoutMs,
    keepIds: true,
  });
  await creator.createRange(0, p.deleteTree - 1);
  const createSeconds = (performance.now() - t0) / 1000;
  const ids = new Set([topId, ...creator.ids]);
  log(`  created in ${createSeconds.toFixed(1)} s; deleting root:del-top`);
  const gone = watch.whenGone('root', 'del-top');
  const counts0 = requestCounts(await apiServerMetricsText(apiServer));
  const rev0 = Number((await etcdClient.maintenance.status()).header.revision);
  const cpu0 = cpuNow();
  const t1 = performance.now();
  const del = await apiServer.request({ method: 'DELETE', path: `/clusters/root${WS}/del-top` });
  if (del.status !== 200 && del.status !== 202) throw new Error(`DELETE del-top answered ${del.status}: ${JSON.stringify(del.body)}`);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    gone,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`root:del-top not gone ${p.deleteTimeoutMs} ms after its DELETE`)), p.deleteTimeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  const deleteSeconds = (performance.now() - t1) / 1000;
  const cpu1 = cpuNow();
  const rev1 = Number((await etcdClient.maintenance.status()).header.revision);
  const counts1 = requestCounts(await apiServerMetricsText(apiServer));
  log(`  gone after ${deleteSeconds.toFixed(1)} s; scanning etcd for keys of its ${ids.size} cluster ids`);
  const scan = await scanEtcd(etcdClient, (key) => !key.startsWith('/registry/strata.dev/clusterids/') && key.split('/').some((seg) => ids.has(seg)));
  const requestsPerWorkspace: Record<string, number> = {};
  for (const [k, v] of counts1) {
    const delta = v - (counts0.get(k) ?? 0);
    if (delta > 0) requestsPerWorkspace[k] = Number((delta / ids.size).toFixed(3));
  }
  return {
    workspaces: ids.size,
    createSeconds,
    deleteSeconds,
    leftoverKeys: scan.matched,
    etcdWritesPerWorkspace: (rev1 - rev0) / ids.size,
    requestsPerWorkspace,
    cpuMsPerWorkspace: Object.fromEntries(SERVICES.map((s) => [s, ((cpu1[s] - cpu0[s]) * 1000) / ids.size])) as Record<ServiceName, number>,
  };
}
