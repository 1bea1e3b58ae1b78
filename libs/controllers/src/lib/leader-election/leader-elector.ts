import type { Logger } from '@strata/runtime';
import type { Clock } from '../workqueue/clock';
import { realClock } from '../workqueue/clock';
import type { Sleep } from '../reconciler/periodic-reconciler';
import { sleep as realSleep } from '../reconciler/periodic-reconciler';
import type { LeaseLock, LeaseRecord } from './lease-lock';

/** Options of {@link LeaderElector}; durations follow client-go's defaults. */
export interface LeaderElectorOptions {
  readonly lock: LeaseLock;
  /** This replica's identity (hostname + random suffix): the lease's holderIdentity. */
  readonly identity: string;
  /** How long a lease is honoured without renewal (15 s). */
  readonly leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it gives up leading (10 s). */
  readonly renewDeadlineMs?: number;
  /** Delay between attempts to acquire or renew (2 s). */
  readonly retryPeriodMs?: number;
  /** Called when this replica becomes leader; `signal` aborts when it stops leading. Must not throw. */
  readonly onStartedLeading: (signal: AbortSignal) => void;
  /** Called after leadership is lost or given up; work started under the signal must be stopping. */
  readonly onStoppedLeading?: () => void;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly logger?: Logger;
}

/** Kube's MicroTime wire format: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * client-go's LeaderElector over a Lease: tries to acquire every retryPeriod; while leading renews every
 * retryPeriod, and stops leading (aborting the work's signal) when no renewal succeeded for renewDeadline.
 * Another holder's lease counts as expired leaseDuration after this replica last saw it change (its own clock,
 * never the holder's timestamps, so clock skew cannot steal a lease). Writes carry the resourceVersion read, so of
 * two racing replicas only one wins. After losing, it goes back to trying to acquire. `stop()` stops leading and
 * releases the lease (empty holder) so a standby takes over at once; it is idempotent.
 */
export class LeaderElector {
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private observed: { record: LeaseRecord; at: number } | undefined;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private leading = false;

  constructor(private readonly opts: LeaderElectorOptions) {
    this.leaseDurationMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = opts.retryPeriodMs ?? 2_000;
    this.clock = opts.clock ?? realClock;
    this.sleep = opts.sleep ?? realSleep;
  }

  /** True while this replica holds the lease. */
  isLeader(): boolean {
    return this.leading;
  }

  /** Starts campaigning; a second call does nothing. */
  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
  }

  /** Stops leading or campaigning and releases a held lease. Idempotent; never rejects. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  /** One attempt to acquire or renew; true when this replica holds the lease afterwards. Never rejects. */
  async tryAcquireOrRenew(signal?: AbortSignal): Promise<boolean> {
    const now = this.clock.now();
    const me = this.opts.identity;
    try {
      const current = await this.opts.lock.get(signal);
      const fresh: LeaseRecord = {
        holderIdentity: me,
        leaseDurationSeconds: Math.round(this.leaseDurationMs / 1000),
        acquireTime: microTime(now),
        renewTime: microTime(now),
        leaseTransitions: 0,
      };
      if (!current) return await this.opts.lock.create(fresh, signal);
      const rec = current.record;
      if (!this.observed || this.observed.record.renewTime !== rec.renewTime || this.observed.record.holderIdentity !== rec.holderIdentity) {
        this.observed = { record: rec, at: now };
      }
      const heldByOther = !!rec.holderIdentity && rec.holderIdentity !== me;
      const duration = (rec.leaseDurationSeconds ?? this.leaseDurationMs / 1000) * 1000;
      if (heldByOther && this.observed.at + duration > now) return false;
      const next: LeaseRecord =
        rec.holderIdentity === me
          ? { ...fresh, acquireTime: rec.acquireTime ?? fresh.acquireTime, leaseTransitions: rec.leaseTransitions ?? 0 }
          : { ...fresh, leaseTransitions: (rec.leaseTransitions ?? 0) + 1 };
      const ok = await this.opts.lock.update(next, current.resourceVersion, signal);
      if (ok) this.observed = { record: next, at: now };
      return ok;
    } catch (err) {
      this.opts.logger?.debug({ lease: this.opts.lock.describe(), err: err instanceof Error ? err.message : String(err) }, 'lease attempt failed');
      return false;
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { logger } = this.opts;
    while (!signal.aborted) {
      while (!signal.aborted && !(await this.tryAcquireOrRenew(signal))) await this.sleep(this.retryPeriodMs, signal);
      if (signal.aborted) break;
      this.leading = true;
      logger?.info({ lease: this.opts.lock.describe(), identity: this.opts.identity }, 'became leader');
      const work = new AbortController();
      this.opts.onStartedLeading(work.signal);
      let lastRenew = this.clock.now();
      while (!signal.aborted) {
        await this.sleep(this.retryPeriodMs, signal);
        if (signal.aborted) break;
        if (await this.tryAcquireOrRenew(signal)) lastRenew = this.clock.now();
        else if (this.clock.now() - lastRenew >= this.renewDeadlineMs) break;
      }
      this.leading = false;
      work.abort();
      if (!signal.aborted) logger?.warn({ lease: this.opts.lock.describe(), identity: this.opts.identity }, 'lost leadership');
      this.opts.onStoppedLeading?.();
      if (signal.aborted) await this.release();
    }
  }

  /** Gives the lease up (empty holder, 1 s duration) if this replica still holds it, like client-go's ReleaseOnCancel. */
  private async release(): Promise<void> {
    try {
      const current = await this.opts.lock.get(AbortSignal.timeout(5_000));
      if (!current || current.record.holderIdentity !== this.opts.identity) return;
      const now = microTime(this.clock.now());
      await this.opts.lock.update(
        { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: current.record.leaseTransitions ?? 0 },
        current.resourceVersion,
        AbortSignal.timeout(5_000),
      );
    } catch (err) {
      this.opts.logger?.warn({ lease: this.opts.lock.describe(), err: err instanceof Error ? err.message : String(err) }, 'could not release the lease');
    }
  }
}
