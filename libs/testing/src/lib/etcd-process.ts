import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port';

/** Options of {@link startEtcd}. */
export interface EtcdProcessOptions {
  /** Data dir; a fresh temp dir (removed on stop) when absent. */
  readonly dataDir?: string;
  /** Extra etcd flags. */
  readonly args?: readonly string[];
}

/**
 * A real etcd (the `etcd` binary on PATH) on free loopback ports with its own data dir.
 * `stop()` kills it and removes a temp data dir; `restart()` kills and starts it again on the same ports and data.
 */
export class EtcdProcess {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly clientPort: number,
    readonly peerPort: number,
    readonly dataDir: string,
    private readonly ownsDataDir: boolean,
    private readonly extraArgs: readonly string[],
  ) {}

  /** The etcd process id while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The client URL, e.g. http://127.0.0.1:23790. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.clientPort}`;
  }

  /** Starts etcd and resolves once it serves /health. */
  static async start(opts: EtcdProcessOptions = {}): Promise<EtcdProcess> {
    const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'strata-etcd-'));
    const proc = new EtcdProcess(await freePort(), await freePort(), dataDir, opts.dataDir === undefined, opts.args ?? []);
    try {
      await proc.spawn();
    } catch (err) {
      await proc.stop();
      throw err;
    }
    return proc;
  }

  private async spawn(): Promise<void> {
    const client = `http://127.0.0.1:${this.clientPort}`;
    const peer = `http://127.0.0.1:${this.peerPort}`;
    this.output = '';
    const child = spawn(
      'etcd',
      [
        '--name', 'strata-test',
        '--data-dir', this.dataDir,
        '--listen-client-urls', client,
        '--advertise-client-urls', client,
        '--listen-peer-urls', peer,
        '--initial-advertise-peer-urls', peer,
        '--initial-cluster', `strata-test=${peer}`,
        '--logger', 'zap',
        '--log-level', 'error',
        ...this.extraArgs,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ETCD_UNSUPPORTED_ARCH: process.env['ETCD_UNSUPPORTED_ARCH'] ?? '' } },
    );
    this.child = child;
    // A process that exits without stop() (process.exit in a signal handler, a crash) must not leave etcd running
    // on its own: it would outlive the test run. (SIGKILL of this process cannot be caught; stop() stays the rule.)
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString()).slice(-8192);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    await waitFor(
      async () => {
        if (exited) throw new Error(`etcd exited: ${this.output}`);
        const res = await fetch(`${client}/health`);
        return res.ok;
      },
      20_000,
      `etcd on ${client} (${this.output})`,
    ).catch((err: unknown) => {
      if (exited) throw new Error(`etcd exited during start: ${this.output}`);
      throw err;
    });
  }

  /** Kills etcd (SIGKILL when `hard`) and waits for it to exit; the data dir stays. */
  async kill(hard = false): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill(hard ? 'SIGKILL' : 'SIGTERM');
    });
  }

  /** Kills and starts etcd again with the same ports and data dir. */
  async restart(): Promise<void> {
    await this.kill();
    await this.spawn();
  }

  /** Stops etcd and removes a temp data dir. Idempotent. */
  async stop(): Promise<void> {
    await this.kill();
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
