import type { Registry } from 'prom-client';
import type { Clock, TimerHandle } from './clock';
import { realClock } from './clock';
import { DelayHeap } from './delay-heap';
import { ItemExponentialFailureRateLimiter } from './rate-limiter';
import type { RateLimiter } from './rate-limiter';
import { workQueueMetrics } from './workqueue-metrics';
import type { WorkQueueMetrics } from './workqueue-metrics';

/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions {
  /** Fixed queue name: the `name` label of its metrics. */
  readonly name: string;
  /** At most this many distinct items are queued or waiting; further adds are refused and counted. */
  readonly maxItems?: number;
  readonly rateLimiter?: RateLimiter;
  readonly clock?: Clock;
  readonly registry?: Registry;
}

/**
 * A rate-limited, delaying work queue with client-go's semantics:
 * - an item queued twice is processed once (dedup of queued keys);
 * - an item added while it is being processed is processed again after `done`, never by two workers at once;
 * - `addAfter` waits, keeping the earliest time when the item is already waiting;
 * - `addRateLimited` waits per-item exponential backoff (capped); `forget` resets it after a success.
 * Bounded: at most `maxItems` distinct items queued plus waiting; `add` returns false when it refused one.
 * `shutDown` makes every pending and future `get` resolve undefined; it is idempotent.
 */
export class WorkQueue {
  readonly name: string;
  private readonly maxItems: number;
  private readonly limiter: RateLimiter;
  private readonly clock: Clock;
  private readonly metrics: WorkQueueMetrics | undefined;
  private readonly untrack: (() => void) | undefined;

  private fifo: string[] = [];
  private head = 0;
  private readonly dirty = new Set<string>();
  /** Item → when it started processing (ms). */
  private readonly processing = new Map<string, number>();
  /** Item → when it was added (ms), for queue_duration. */
  private readonly addedAt = new Map<string, number>();
  private readonly waiting = new Map<string, number>();
  private readonly heap = new DelayHeap();
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;
  private getters: ((item: string | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(opts: WorkQueueOptions) {
    this.name = opts.name;
    this.maxItems = opts.maxItems ?? 2_000_000;
    this.limiter = opts.rateLimiter ?? new ItemExponentialFailureRateLimiter();
    this.clock = opts.clock ?? realClock;
    if (opts.registry) {
      this.metrics = workQueueMetrics(opts.registry);
      this.metrics.depth.set({ name: this.name }, 0);
      this.untrack = this.metrics.track({
        name: this.name,
        unfinishedSeconds: () => {
          const now = this.clock.now();
          let sum = 0;
          for (const start of this.processing.values()) sum += now - start;
          return sum / 1000;
        },
        longestRunningSeconds: () => {
          const now = this.clock.now();
          let max = 0;
          for (const start of this.processing.values()) max = Math.max(max, now - start);
          return max / 1000;
        },
      });
    }
  }

  /** Items queued and not yet handed to a worker. */
  len(): number {
    return this.fifo.length - this.head;
  }

  /** Items waiting for a delay to pass. */
  waitingLen(): number {
    return this.waiting.size;
  }

  /** True once {@link shutDown} was called. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Queues `item` now; false when it was refused (shutting down, or the bound is reached). */
  add(item: string): boolean {
    if (this.shuttingDown) return false;
    if (this.dirty.has(item)) return true;
    if (this.dirty.size + this.waiting.size >= this.maxItems) {
      this.metrics?.dropped.inc({ name: this.name });
      return false;
    }
    this.metrics?.adds.inc({ name: this.name });
    this.dirty.add(item);
    this.addedAt.set(item, this.clock.now());
    if (this.processing.has(item)) return true;
    this.push(item);
    return true;
  }

  /** Queues `item` after `delayMs`; see the class comment. */
  addAfter(item: string, delayMs: number): boolean {
    if (this.shuttingDown) return false;
    if (delayMs <= 0) return this.add(item);
    const readyAt = this.clock.now() + delayMs;
    const current = this.waiting.get(item);
    if (current !== undefined && current <= readyAt) return true;
    if (current === undefined && this.dirty.size + this.waiting.size >= this.maxItems) {
      this.metrics?.dropped.inc({ name: this.name });
      return false;
    }
    this.waiting.set(item, readyAt);
    this.heap.push({ item, readyAt });
    this.armTimer();
    return true;
  }

  /** Queues `item` after its rate limiter's backoff and counts a retry. */
  addRateLimited(item: string): boolean {
    this.metrics?.retries.inc({ name: this.name });
    return this.addAfter(item, this.limiter.when(item));
  }

  /** Forgets `item`'s failures: its next retry starts from the base delay. */
  forget(item: string): void {
    this.limiter.forget(item);
  }

  /** How many failures of `item` the rate limiter remembers. */
  numRequeues(item: string): number {
    return this.limiter.numRequeues(item);
  }

  /**
   * The next item, waiting until one is queued. Resolves undefined once the queue shuts down or `signal` aborts.
   * The caller must call {@link done} with the item when it finished processing it.
   */
  get(signal?: AbortSignal): Promise<string | undefined> {
    if (this.len() > 0) return Promise.resolve(this.take());
    if (this.shuttingDown || signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const getter = (item: string | undefined) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(item);
      };
      const onAbort = () => {
        this.getters = this.getters.filter((g) => g !== getter);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.getters.push(getter);
    });
  }

  /** Marks `item` processed; when it was added again meanwhile it is queued again now. */
  done(item: string): void {
    const start = this.processing.get(item);
    if (start === undefined) return;
    this.processing.delete(item);
    this.metrics?.workDuration.observe({ name: this.name }, (this.clock.now() - start) / 1000);
    if (this.dirty.has(item)) this.push(item);
  }

  /** Stops handing out items; pending `get`s resolve undefined; waiting items are dropped. Idempotent. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.waiting.clear();
    const getters = this.getters;
    this.getters = [];
    for (const g of getters) g(undefined);
    this.untrack?.();
  }

  private push(item: string): void {
    const getter = this.getters.shift();
    if (getter) {
      this.fifo.push(item);
      getter(this.take());
      return;
    }
    this.fifo.push(item);
    this.metrics?.depth.set({ name: this.name }, this.len());
  }

  private take(): string {
    const item = this.fifo[this.head++];
    // Compact now and then so a long-lived queue does not keep every item it ever held.
    if (this.head > 1024 && this.head * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.head = 0;
    }
    const now = this.clock.now();
    this.processing.set(item, now);
    this.dirty.delete(item);
    const added = this.addedAt.get(item);
    this.addedAt.delete(item);
    if (this.metrics) {
      this.metrics.depth.set({ name: this.name }, this.len());
      if (added !== undefined) this.metrics.queueDuration.observe({ name: this.name }, (now - added) / 1000);
    }
    return item;
  }

  private armTimer(): void {
    const next = this.heap.peek();
    if (!next || next.readyAt >= this.timerAt) return;
    this.timer?.cancel();
    this.timerAt = next.readyAt;
    this.timer = this.clock.setTimer(next.readyAt - this.clock.now(), () => this.fire());
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (let e = this.heap.peek(); e && e.readyAt <= now; e = this.heap.peek()) {
      this.heap.pop();
      // A stale entry: the item was re-scheduled earlier (and already fired) or dropped.
      if (this.waiting.get(e.item) !== e.readyAt) continue;
      this.waiting.delete(e.item);
      this.add(e.item);
    }
    this.armTimer();
  }
}

/**
 * Starts `count` workers (client-go's `go wait.Until(worker)`): each takes keys from `queue` until it shuts down
 * and runs `process` on one key at a time, marking it done afterwards even when `process` rejects. Resolves when
 * every worker stopped; a rejection of `process` rejects it (callers handle their own errors inside).
 */
export function runWorkers(queue: WorkQueue, count: number, signal: AbortSignal, process: (key: string) => Promise<void>): Promise<void[]> {
  const worker = async () => {
    for (let key = await queue.get(signal); key !== undefined; key = await queue.get(signal)) {
      try {
        await process(key);
      } finally {
        queue.done(key);
      }
    }
  };
  return Promise.all(Array.from({ length: count }, () => worker()));
}
