import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Logger } from '@strata/runtime';
import { Backoff } from './backoff';

/** Sleeps `ms`, resolving early (not rejecting) when `signal` aborts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** The default {@link Sleep}, on real timers. */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** Options of {@link PeriodicReconciler}. */
export interface PeriodicReconcilerOptions {
  /** Controller name: a fixed label value of its metrics. */
  readonly name: string;
  /** One idempotent pass; rejects to be retried with backoff. */
  readonly reconcile: (signal: AbortSignal) => Promise<void>;
  /** Delay between successful passes (level-triggered re-check). */
  readonly resyncMs: number;
  /**
   * At most this share (0 < x <= 1) of the time is spent in passes: after a pass of d ms the next waits at least
   * d * (1 / maxDutyCycle - 1) ms, so a pass whose cost grows with what it lists (every object of a workspace)
   * runs less often instead of loading the apiserver more. Default 1 (no stretch).
   */
  readonly maxDutyCycle?: number;
  /** Milliseconds of a monotonic clock (tests pass a fake). */
  readonly now?: () => number;
  readonly backoff?: Backoff;
  readonly sleep?: Sleep;
  readonly logger?: Logger;
  readonly registry?: Registry;
}

/**
 * Runs `reconcile` now, then every `resyncMs` after a success, or after an exponential backoff after a failure
 * (e.g. while the apiserver is still starting). `hasSynced()` turns true after the first success and stays true.
 * Failures are logged here and not rethrown.
 */
export class PeriodicReconciler {
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private synced = false;
  private readonly backoff: Backoff;
  private readonly sleep: Sleep;
  private readonly total: Counter<'controller' | 'result'> | undefined;
  private readonly duration: Histogram<'controller'> | undefined;

  constructor(private readonly opts: PeriodicReconcilerOptions) {
    this.backoff = opts.backoff ?? new Backoff();
    this.sleep = opts.sleep ?? sleep;
    if (opts.registry) {
      this.total = new Counter({
        name: 'controller_runtime_reconcile_total',
        help: 'Total number of reconciliations per controller',
        labelNames: ['controller', 'result'],
        registers: [opts.registry],
      });
      this.duration = new Histogram({
        name: 'controller_runtime_reconcile_time_seconds',
        help: 'Length of time per reconciliation per controller',
        labelNames: ['controller'],
        registers: [opts.registry],
      });
    }
  }

  /** True once a pass has succeeded. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Starts the loop; a second call does nothing. */
  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
  }

  /** Stops the loop and waits for a running pass to notice the abort. Idempotent. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { name, logger } = this.opts;
    while (!signal.aborted) {
      const end = this.duration?.startTimer({ controller: name });
      const now = this.opts.now ?? (() => performance.now());
      const started = now();
      let delay: number;
      try {
        await this.opts.reconcile(signal);
        this.total?.inc({ controller: name, result: 'success' });
        if (!this.synced) logger?.info({ controller: name }, 'first reconcile succeeded');
        this.synced = true;
        this.backoff.reset();
        const duty = this.opts.maxDutyCycle ?? 1;
        delay = Math.max(this.opts.resyncMs, (now() - started) * (1 / duty - 1));
      } catch (err) {
        if (signal.aborted) break;
        this.total?.inc({ controller: name, result: 'error' });
        delay = this.backoff.next();
        logger?.warn({ controller: name, err: err instanceof Error ? err.message : String(err), retryInMs: delay }, 'reconcile failed');
      } finally {
        end?.();
      }
      await this.sleep(delay, signal);
    }
  }
}
