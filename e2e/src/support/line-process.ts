import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** At most this many stdout lines are kept; a test that needs more is reading the wrong process. */
const MAX_LINES = 10_000;
/** Bytes of stderr kept for failure messages. */
const MAX_STDERR = 16 * 1024;

/**
 * A long-running child process (e.g. `kubectl get -w`, the client-node informer script) whose stdout lines the
 * test reads as they come, and whose stdin it may write commands to. `stop()` SIGTERMs it (SIGKILL after 5 s),
 * resolves once it has exited, and is idempotent; call it in afterAll/finally.
 */
export class LineProcess {
  /** Every stdout line so far, in order (bounded by MAX_LINES). */
  readonly lines: string[] = [];
  private stderrText = '';
  private readonly waiters = new Set<() => void>();
  private readonly exited: Promise<void>;
  private stopping: Promise<void> | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams, readonly description: string) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.lines.length < MAX_LINES) this.lines.push(line);
      for (const w of [...this.waiters]) w();
    });
    child.stderr.on('data', (c: Buffer) => {
      this.stderrText = (this.stderrText + c.toString('utf8')).slice(-MAX_STDERR);
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        resolve();
        for (const w of [...this.waiters]) w();
      }),
    );
  }

  /** Spawns `command args`; rejects when it cannot be started. */
  static async spawn(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<LineProcess> {
    const child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
    const proc = new LineProcess(child, `${command} ${args.join(' ')}`);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', (err) => reject(new Error(`cannot start ${command}: ${err.message}`)));
    });
    return proc;
  }

  /** What the process wrote to stderr (last 16 KiB). */
  get stderr(): string {
    return this.stderrText;
  }

  /** True once the process has exited. */
  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Writes one line to the process's stdin. */
  send(line: string): void {
    this.child.stdin.write(line + '\n');
  }

  /**
   * Resolves with the first line at index ≥ `from` that satisfies `predicate`. Rejects after `timeoutMs`, or when
   * the process exits without such a line, with everything it printed (so a failing test shows why).
   */
  waitForLine(predicate: (line: string) => boolean, opts: { from?: number; timeoutMs?: number } = {}): Promise<string> {
    const from = opts.from ?? 0;
    const timeoutMs = opts.timeoutMs ?? 20_000;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.lines.slice(from).find(predicate);
        if (hit !== undefined) {
          done();
          resolve(hit);
          return true;
        }
        if (this.hasExited) {
          done();
          reject(new Error(`${this.description} exited without the expected line:\n${this.dump()}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a line from ${this.description}:\n${this.dump()}`));
      }, timeoutMs);
      const waiter = () => void check();
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      check();
    });
  }

  /** Stops the process (SIGTERM, SIGKILL after 5 s); resolves once it has exited. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (!this.hasExited) {
        const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
        this.child.stdin.end();
        this.child.kill('SIGTERM');
        await this.exited;
        clearTimeout(timer);
      }
    })();
    return this.stopping;
  }

  private dump(): string {
    return `stdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderrText}`;
  }
}
