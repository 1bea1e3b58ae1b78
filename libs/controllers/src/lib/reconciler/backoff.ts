/** Options of {@link Backoff}. */
export interface BackoffOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
  readonly factor?: number;
  /** Fraction of random spread added to each delay (0..1), so many controllers do not retry in lockstep. */
  readonly jitter?: number;
  /** Injected for tests; default Math.random. */
  readonly random?: () => number;
}

/**
 * Exponential backoff (client-go's wait.Backoff shape): initial, initial*factor, ... capped at maxMs, each plus up to
 * `jitter` of itself at random. `reset()` after a success starts again from the initial delay.
 */
export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.initialMs = opts.initialMs ?? 200;
    this.maxMs = opts.maxMs ?? 10_000;
    this.factor = opts.factor ?? 2;
    this.jitter = opts.jitter ?? 0.1;
    this.random = opts.random ?? Math.random;
  }

  /** The delay before the next attempt. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    if (base < this.maxMs) this.attempt++;
    return Math.round(base * (1 + this.jitter * this.random()));
  }

  /** Starts over after a success. */
  reset(): void {
    this.attempt = 0;
  }
}
