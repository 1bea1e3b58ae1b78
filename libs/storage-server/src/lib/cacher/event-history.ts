import type { CacheEntry } from './sorted-store';

/**
 * One change as the cache saw it. `entry` is the new object (absent for a delete); `prev` is the object before
 * it, taken from the cache itself (complete for the keyspace, so it never depends on etcd's prev_kv).
 */
export interface CacheEvent {
  readonly type: 'put' | 'delete';
  readonly key: string;
  readonly entry: CacheEntry | undefined;
  readonly prev: CacheEntry | undefined;
  readonly revision: number;
  /** When the cache received it (ms, from the injected clock). */
  readonly receivedAt: number;
}

/** Bounds of {@link EventHistory}. */
export interface EventHistoryOptions {
  /** Events younger than this are kept while the count allows (Kubernetes: 75 s). */
  readonly windowMs: number;
  /** Always keep at least this many (Kubernetes: 100). */
  readonly minEvents: number;
  /** Never keep more than this many (Kubernetes: 102400). */
  readonly maxEvents: number;
}

/**
 * The recent event history, oldest first, used to start watches from an older revision. It keeps every event
 * younger than the window, at least `minEvents`, never more than `maxEvents` (a ring over a fixed array).
 * `startRevision` is the revision the history covers from: every event after it is present.
 */
export class EventHistory {
  private readonly ring: (CacheEvent | undefined)[];
  private head = 0;
  private length = 0;
  private start = 0;

  constructor(private readonly opts: EventHistoryOptions) {
    this.ring = new Array<CacheEvent | undefined>(opts.maxEvents);
  }

  /** Every event with revision > startRevision is in the history. */
  get startRevision(): number {
    return this.start;
  }

  get size(): number {
    return this.length;
  }

  get capacity(): number {
    return this.opts.maxEvents;
  }

  /** Empties the history; it now covers everything after `revision` (a fresh list). */
  reset(revision: number): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.length = 0;
    this.start = revision;
  }

  append(event: CacheEvent): void {
    if (this.length === this.opts.maxEvents) this.evictOldest();
    this.ring[(this.head + this.length) % this.opts.maxEvents] = event;
    this.length++;
    const cutoff = event.receivedAt - this.opts.windowMs;
    while (this.length > this.opts.minEvents && (this.at(0)?.receivedAt ?? cutoff) < cutoff) this.evictOldest();
  }

  /** Events with revision > `revision`, oldest first; undefined when some of them were evicted already. */
  eventsAfter(revision: number): CacheEvent[] | undefined {
    if (revision < this.start) return undefined;
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.at(mid)?.revision ?? 0) <= revision) lo = mid + 1;
      else hi = mid;
    }
    const out: CacheEvent[] = [];
    for (let i = lo; i < this.length; i++) out.push(this.at(i) as CacheEvent);
    return out;
  }

  /** The entries the history holds (each event's new and previous object), so a store compaction can move them. */
  *entries(): Generator<CacheEntry> {
    for (let i = 0; i < this.length; i++) {
      const ev = this.at(i) as CacheEvent;
      if (ev.entry) yield ev.entry;
      if (ev.prev) yield ev.prev;
    }
  }

  private at(i: number): CacheEvent | undefined {
    return this.ring[(this.head + i) % this.opts.maxEvents];
  }

  private evictOldest(): void {
    const oldest = this.at(0);
    if (!oldest) return;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.opts.maxEvents;
    this.length--;
    // A revision's other events may still be here, but a watch can only start after a whole revision.
    this.start = oldest.revision;
  }
}
