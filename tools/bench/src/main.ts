/**
 * Watch-cache benchmarks (issue 3), each side by side in one run against a real etcd:
 *   list    LIST one namespace through the watch-cache vs a direct etcd range + decode
 *   watch   watch fan-out through the watch-cache vs direct etcd watches vs `etcd grpc-proxy`
 *   memory  watch-cache RSS per cached object
 *   workspaces  issue 5: N workspaces created (flat or tree) through a real Stack, see workspace-bench.ts
 * Prints a table per scenario and writes all results as JSON (default .bench/watch-cache.json).
 */
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runListBench } from './list-bench';
import { runMemoryBench } from './memory-bench';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runWatchBench, runWatchWriterWorker } from './watch-bench';
import type { WatchWriterWorkerData } from './watch-bench';
import { printWorkspaceBench } from './workspace-bench-report';
import { runWorkspaceBench } from './workspace-bench';
import { fmt, table } from './stats';

const program = new Command('bench')
  .description('Strata watch-cache benchmarks against real etcd')
  .option('--scenarios <list>', 'comma-separated: list,watch,memory,workspaces', 'list,watch,memory')
  .option('--quick', 'small sizes (a smoke run, minutes not tens of minutes)', false)
  .option('--iterations <n>', 'LIST iterations per path', '30')
  .option('--memory-objects <n>', 'objects for the memory scenario (default 1,000,000; --quick 100,000)')
  .option('--watch-seconds <n>', 'duration of the write load in the watch scenario', '20')
  .option('--watch-workspaces <n>', 'watch scenario: workspaces (10 watches each; writes/s scale with them)')
  .option('--watch-cache-only', 'watch scenario: measure only the watch-cache path (skip etcd direct and grpc-proxy)', false)
  .option('--watch-stream-per-watch', 'watch scenario: also measure the watch-cache with a Watch RPC per watch (before WatchMany)', false)
  .option('--workspaces <n>', 'workspaces scenario: how many workspaces to create', '1000')
  .option('--concurrency <n>', 'workspaces scenario: creations in flight (POST to Ready)', '32')
  .option('--shape <shape>', 'workspaces scenario: flat (all in root) or tree (depth 5, branching >= 7)', 'flat')
  .option('--delete-tree <n>', 'workspaces scenario: size of the tree whose deletion is timed (0: skip)', '10000')
  .option('--out <file>', 'JSON results file', '.bench/watch-cache.json')
  .parse();

const opts = program.opts<{
  scenarios: string;
  quick: boolean;
  iterations: string;
  memoryObjects?: string;
  watchSeconds: string;
  watchWorkspaces?: string;
  watchCacheOnly: boolean;
  watchStreamPerWatch: boolean;
  workspaces: string;
  concurrency: string;
  shape: string;
  deleteTree: string;
  out: string;
}>();
const log = (s: string) => console.error(s);

async function main(): Promise<void> {
  const scenarios = new Set(opts.scenarios.split(',').map((s) => s.trim()));
  const q = opts.quick;
  const results: Record<string, unknown> = { machine: { cores: require('node:os').cpus().length, node: process.version }, quick: q, at: new Date().toISOString() };

  if (scenarios.has('list')) {
    const params = { workspaces: 1000, totalObjects: q ? 20_000 : 200_000, targetNamespaceObjects: q ? 2_000 : 10_000, objectSize: 1024, iterations: Number(opts.iterations) };
    log(`list: ${params.targetNamespaceObjects} objects in one namespace among ${params.totalObjects} in ${params.workspaces} workspaces`);
    const rows = await runListBench(params, log);
    const p50Of = (path: string) => rows.find((r) => r.path === path)?.p50Ms ?? Number.NaN;
    console.log('\nLIST one namespace');
    console.log(
      table(
        ['path', 'items', 'p50 ms', 'p99 ms', 'min ms', 'speed-up (p50) vs', 'baseline'],
        rows.map((r) => [r.path, r.items, r.p50Ms, r.p99Ms, r.minMs, `${fmt(p50Of(r.baseline) / r.p50Ms)}x`, r.baseline]),
      ),
    );
    results['list'] = { params, rows };
  }
  if (scenarios.has('watch')) {
    const workspaces = Number(opts.watchWorkspaces ?? (q ? 100 : 1000));
    const params = {
      workspaces,
      watchesPerWorkspace: 10,
      writesPerSecond: opts.watchWorkspaces ? workspaces : q ? 200 : 1000,
      durationSeconds: Number(opts.watchSeconds),
      objectSize: 1024,
      cacheOnly: opts.watchCacheOnly,
      streamPerWatch: opts.watchStreamPerWatch,
    };
    log(`watch: ${params.workspaces * params.watchesPerWorkspace} watches over ${params.workspaces} workspaces, ${params.writesPerSecond} writes/s for ${params.durationSeconds} s`);
    const rows = await runWatchBench(params, log);
    console.log('\nWatch fan-out');
    console.log(
      table(
        ['path', 'watches', 'writes', 'expected events', 'delivered', 'events/s', 'p50 ms', 'p99 ms', 'max ms', 'open s', 'etcd watch streams', 'etcd watchers'],
        rows.map((r) => [r.path, r.watches, r.writes, r.expectedEvents, r.deliveredEvents, r.eventsPerSecond, r.p50Ms, r.p99Ms, r.maxMs, r.openSeconds, r.etcdWatchStreams, r.etcdWatchers]),
      ),
    );
    results['watch'] = { params, rows };
  }
  if (scenarios.has('memory')) {
    const params = { objects: Number(opts.memoryObjects ?? (q ? 100_000 : 1_000_000)), objectSize: 1024 };
    log(`memory: ${params.objects} objects of ~${params.objectSize} B`);
    const row = await runMemoryBench(params, log);
    console.log('\nwatch-cache memory');
    console.log(
      table(
        ['objects', 'bytes/object (key+value)', 'baseline RSS MiB', 'RSS MiB', 'RSS bytes/object', 'ratio to object size', 'cache fill s'],
        [[row.objects, row.objectBytes, row.baselineRssBytes / 2 ** 20, row.rssBytes / 2 ** 20, row.rssPerObject, row.ratioToObjectSize, row.startSeconds]],
      ),
    );
    results['memory'] = { params, row };
  }
  if (scenarios.has('workspaces')) {
    if (opts.shape !== 'flat' && opts.shape !== 'tree') throw new Error(`--shape must be flat or tree, not ${opts.shape}`);
    const params = {
      workspaces: Number(opts.workspaces),
      concurrency: Number(opts.concurrency),
      shape: opts.shape,
      depth: 5,
      branching: 7,
      deleteTree: Number(opts.deleteTree),
      probeIterations: 200,
      readyTimeoutMs: 300_000,
      deleteTimeoutMs: 1_800_000,
    } as const;
    // Each checkpoint is written as it is measured (`"partial": true`), so a long run stopped early keeps its data.
    const result = await runWorkspaceBench(params, log, (partial) => {
      mkdirSync(dirname(opts.out), { recursive: true });
      writeFileSync(opts.out, JSON.stringify({ ...results, workspaces: { ...partial, partial: true } }, null, 2));
    });
    printWorkspaceBench(result);
    results['workspaces'] = result;
  }
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(results, null, 2));
  console.log(`\nJSON: ${opts.out}`);
  console.log(JSON.stringify(results));
}

if (isMainThread) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else if ((workerData as WatchWriterWorkerData | undefined)?.kind === 'watch-writer') {
  void runWatchWriterWorker(workerData as WatchWriterWorkerData, (written) => parentPort?.postMessage(written));
}
