import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';

/** Options of {@link StackProcess.spawn}. */
export interface StackProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Output of the process is appended here. */
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Also called with each chunk of output (e.g. to echo to a console). */
  readonly onOutput?: (name: string, chunk: Buffer) => void;
}

/** Lines of output kept in memory for error messages; the full output is in the log file. */
const TAIL_BYTES = 8192;

/**
 * One child process of a stack: output to a log file (and a bounded in-memory tail for error messages), and a
 * stop that sends SIGTERM, then SIGKILL after a grace period. `stop()` is idempotent.
 */
export class StackProcess {
  private tailText = '';
  private stopping: Promise<void> | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    private readonly log: WriteStream,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Starts the process; rejects when it cannot be spawned (e.g. command not found). */
  static async spawn(opts: StackProcessOptions): Promise<StackProcess> {
    const log = createWriteStream(opts.logFile, { flags: 'a' });
    const child = spawn(opts.command, [...opts.args], { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env, cwd: opts.cwd });
    const proc = new StackProcess(opts.name, child, log);
    const onData = (chunk: Buffer) => {
      proc.tailText = (proc.tailText + chunk.toString('utf8')).slice(-TAIL_BYTES);
      log.write(chunk);
      opts.onOutput?.(opts.name, chunk);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', (err) => {
        log.end();
        reject(new Error(`${opts.name}: cannot start ${opts.command}: ${err.message}`));
      });
    });
    return proc;
  }

  /** The OS process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True once the process has exited. */
  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** How it exited, for messages: "exit code 1", "signal SIGKILL", or "running". */
  get exitDescription(): string {
    if (this.child.exitCode !== null) return `exit code ${this.child.exitCode}`;
    if (this.child.signalCode !== null) return `signal ${this.child.signalCode}`;
    return 'running';
  }

  /** The last few KiB of output. */
  tail(): string {
    return this.tailText;
  }

  /** SIGKILLs the process at once, synchronously (for a parent that is exiting). */
  killNow(): void {
    if (!this.hasExited) this.child.kill('SIGKILL');
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited and its log is flushed. Idempotent. */
  stop(graceMs = 10_000): Promise<void> {
    this.stopping ??= (async () => {
      if (!this.hasExited) {
        const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
        this.child.kill('SIGTERM');
        await this.exited;
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => this.log.end(() => resolve()));
    })();
    return this.stopping;
  }
}
