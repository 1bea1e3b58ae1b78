import { table } from './stats';
import { SERVICES } from './workspace-bench-probes';
import type { WorkspaceBenchResult } from './workspace-bench';

const MiB = 2 ** 20;

/** Prints the workspace benchmark's tables (creation, footprint, per-service RSS and series, deletion) to stdout. */
export function printWorkspaceBench(r: WorkspaceBenchResult): void {
  const p = r.params;
  const shape = p.shape === 'tree' ? `tree depth ${p.depth} branching ${p.effectiveBranching}` : 'flat (all in root)';
  console.log(`\nWorkspaces: ${p.workspaces} ${shape}, concurrency ${p.concurrency}; overall ${r.overallRate.toFixed(1)} creations/s`);
  console.log(
    table(
      ['N', 'elapsed s', 'creations/s (segment)', 'p50 ms POST→Ready', 'p99 ms', 'max ms', 'etcd keys/ws', 'etcd bytes/ws', 'etcd db MiB', 'GET p50/p99 ms', 'LIST p50/p99 ms'],
      r.checkpoints.map((c) => [
        c.n,
        c.elapsedSeconds,
        c.segmentRate,
        c.p50Ms,
        c.p99Ms,
        c.maxMs,
        c.keysPerWorkspace,
        c.bytesPerWorkspace,
        c.etcdDbSizeBytes / MiB,
        `${c.get.p50Ms.toFixed(2)} / ${c.get.p99Ms.toFixed(2)}`,
        `${c.list.p50Ms.toFixed(2)} / ${c.list.p99Ms.toFixed(2)}`,
      ]),
    ),
  );
  const last = r.checkpoints[r.checkpoints.length - 1];
  if (last) {
    const reqs = Object.entries(last.requestsPerWorkspace).sort((a, b) => b[1] - a[1]);
    const total = reqs.reduce((sum, [, v]) => sum + v, 0);
    console.log(`\nPer workspace created (last segment): ${last.etcdWritesPerWorkspace.toFixed(2)} etcd writes, ${total.toFixed(2)} apiserver requests (all clients)`);
    console.log(table(['request (verb resource code)', 'per workspace'], reqs.map(([k, v]) => [k, v])));
    console.log(`etcd bytes per workspace by resource: ${Object.entries(last.bytesPerWorkspaceByResource).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const cpu = Object.entries(last.cpuMsPerWorkspace);
    console.log(`CPU ms per workspace: ${cpu.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}; total ${cpu.reduce((a, [, v]) => a + v, 0).toFixed(1)}`);
  }
  const rows = [{ n: 0, rss: r.baseline.rss, series: r.baseline.series }, ...r.checkpoints];
  console.log('\nRSS MiB per service (and bytes per workspace over the baseline)');
  console.log(
    table(
      ['N', ...SERVICES],
      rows.map((c) => [c.n, ...SERVICES.map((s) => (c.n === 0 ? (c.rss[s] / MiB).toFixed(0) : `${(c.rss[s] / MiB).toFixed(0)} (${((c.rss[s] - r.baseline.rss[s]) / c.n).toFixed(0)} B/ws)`))]),
    ),
  );
  console.log('\nmetric series (sample lines on /metrics)');
  console.log(table(['N', ...SERVICES.filter((s) => s !== 'etcd')], rows.map((c) => [c.n, ...SERVICES.filter((s) => s !== 'etcd').map((s) => c.series[s])])));
  if (r.deletion) {
    const d = r.deletion;
    console.log('\nTree deletion');
    console.log(
      table(
        ['workspaces', 'create s', 'delete s (DELETE top → gone)', 'keys left of their ids (besides id tombstones)'],
        [[d.workspaces, d.createSeconds, d.deleteSeconds, d.leftoverKeys.length === 0 ? '0' : `${d.leftoverKeys.length}: ${d.leftoverKeys.slice(0, 3).join(', ')}`]],
      ),
    );
    const reqs = Object.entries(d.requestsPerWorkspace).sort((a, b) => b[1] - a[1]);
    const total = reqs.reduce((sum, [, v]) => sum + v, 0);
    console.log(`Per workspace deleted: ${d.etcdWritesPerWorkspace.toFixed(2)} etcd writes, ${total.toFixed(2)} apiserver requests (all clients)`);
    console.log(table(['request (verb resource code)', 'per workspace'], reqs.map(([k, v]) => [k, v])));
    const cpu = Object.entries(d.cpuMsPerWorkspace);
    console.log(`CPU ms per workspace deleted: ${cpu.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}; total ${cpu.reduce((a, [, v]) => a + v, 0).toFixed(1)}`);
  }
}
