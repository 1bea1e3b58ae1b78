/**
 * How long an item waits before its next retry. `when` is called once per failure of the item; `forget` clears its
 * history after a success; `numRequeues` is how many failures are remembered.
 */
export interface RateLimiter {
  when(item: string): number;
  forget(item: string): void;
  numRequeues(item: string): number;
}

/** Options of {@link ItemExponentialFailureRateLimiter}. */
export interface ItemExponentialOptions {
  /** Delay of the first retry (client-go: 5 ms). */
  readonly baseDelayMs?: number;
  /** Cap of the delay (client-go: 1000 s; ours is shorter: a workspace should not wait a quarter hour). */
  readonly maxDelayMs?: number;
  /** At most this many items have a failure history; beyond it the oldest history is forgotten (bounded memory). */
  readonly maxTrackedItems?: number;
}

/**
 * client-go's ItemExponentialFailureRateLimiter: base * 2^failures per item, capped at maxDelay. The failure map is
 * bounded: when full, the item tracked longest is forgotten (it restarts from the base delay, which is harmless).
 */
export class ItemExponentialFailureRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxTrackedItems: number;

  constructor(opts: ItemExponentialOptions = {}) {
    this.baseDelayMs = opts.baseDelayMs ?? 5;
    this.maxDelayMs = opts.maxDelayMs ?? 60_000;
    this.maxTrackedItems = opts.maxTrackedItems ?? 100_000;
  }

  when(item: string): number {
    const n = this.failures.get(item) ?? 0;
    if (!this.failures.has(item) && this.failures.size >= this.maxTrackedItems) {
      const oldest = this.failures.keys().next();
      if (!oldest.done) this.failures.delete(oldest.value);
    }
    this.failures.set(item, n + 1);
    // 2^n overflows to Infinity long after the cap; Math.min keeps it finite.
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** n);
  }

  forget(item: string): void {
    this.failures.delete(item);
  }

  numRequeues(item: string): number {
    return this.failures.get(item) ?? 0;
  }
}
