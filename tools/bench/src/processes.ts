import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from '@strata/testing';

const root = join(__dirname, '../../..');

/** A child process the benchmark started; `stop()` is idempotent and waits for exit. */
export class BenchProcess {
  private log = '';
  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (b: Buffer) => {
      this.log = (this.log + b.toString()).slice(-4096);
      if (process.env['BENCH_DEBUG']) process.stderr.write(`[${name}] ${b.toString()}`);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  get recentOutput(): string {
    return this.log;
  }

  /** Resident set size in bytes (from /proc). */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : Number.NaN;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      this.child.kill('SIGTERM');
    });
  }
}

/** Starts the built watch-cache app (dist/apps/watch-cache/main.js) against etcd; resolves when it is ready. */
export async function startWatchCache(etcdEndpoint: string, opts: { cache?: boolean } = {}): Promise<{ proc: BenchProcess; address: string; metricsUrl: string }> {
  const grpcPort = await freePort();
  const metricsPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=16384',
      join(root, 'dist/apps/watch-cache/main.js'),
      '--etcd-endpoints', etcdEndpoint,
      '--listen-address', `127.0.0.1:${grpcPort}`,
      '--metrics-port', String(metricsPort),
      ...(opts.cache === false ? ['--cache=false'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  const proc = new BenchProcess('watch-cache', child);
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  // waitFor retries on errors, so a dead child is detected by racing its exit.
  const exited = new Promise<never>((_, reject) => child.once('exit', () => reject(new Error(`watch-cache exited: ${proc.recentOutput}`))));
  await Promise.race([waitFor(async () => (await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).ok, 600_000, 'watch-cache ready'), exited]).catch(
    async (err: unknown) => {
      await proc.stop();
      throw err;
    },
  );
  exited.catch(() => undefined);
  return { proc, address: `127.0.0.1:${grpcPort}`, metricsUrl };
}

/** Starts `etcd grpc-proxy start` in front of etcd; resolves when it accepts connections. */
export async function startGrpcProxy(etcdEndpoint: string): Promise<{ proc: BenchProcess; endpoint: string; metricsUrl: string }> {
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(
    'etcd',
    ['grpc-proxy', 'start', '--endpoints', etcdEndpoint.replace(/^http:\/\//, ''), '--listen-addr', `127.0.0.1:${port}`, '--metrics-addr', `http://127.0.0.1:${metricsPort}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const proc = new BenchProcess('grpc-proxy', child);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).ok, 20_000, 'grpc-proxy').catch(async (err: unknown) => {
    await proc.stop();
    throw err;
  });
  return { proc, endpoint: `http://127.0.0.1:${port}`, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
}

/** Reads one gauge/counter value (summed over its series) from a Prometheus text endpoint. */
export async function scrapeMetric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      found = true;
    }
  }
  return found ? sum : Number.NaN;
}
