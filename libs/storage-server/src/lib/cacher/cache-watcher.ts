import type { KeyValue, WatchEvent } from '@strata/storage';
import type { EntrySelection } from './entry-selection';
import type { CacheEvent } from './event-history';

/** What one watcher receives: a key or a prefix, filtered by selectors. */
export interface WatcherFilter {
  readonly key: string;
  readonly recursive: boolean;
  readonly selection: EntrySelection;
}

/** A copy of `kv` at `revision` (fields named: a cached key-value's value is a getter, which a spread skips). */
function stamped(kv: KeyValue, revision: number): KeyValue {
  return { key: kv.key, value: kv.value, createRevision: kv.createRevision, modRevision: revision };
}

/**
 * Translates one cache event for one watcher, with Kubernetes selector transitions: an object that starts
 * matching is ADDED, one that stops matching is DELETED (its previous value at the event's revision).
 * Returns undefined when the watcher does not see the event.
 */
export function eventFor(filter: WatcherFilter, ev: CacheEvent): WatchEvent | undefined {
  if (filter.recursive ? !ev.key.startsWith(filter.key) : ev.key !== filter.key) return undefined;
  const prevMatches = ev.prev !== undefined && filter.selection.matches(ev.prev);
  const curMatches = ev.entry !== undefined && filter.selection.matches(ev.entry);
  const prevKv = ev.prev?.kv;
  if (curMatches && ev.entry) {
    const type = prevMatches ? 'MODIFIED' : 'ADDED';
    return prevKv ? { type, kv: ev.entry.kv, prevKv, revision: ev.revision } : { type, kv: ev.entry.kv, revision: ev.revision };
  }
  if (prevMatches && prevKv) return { type: 'DELETED', kv: stamped(prevKv, ev.revision), prevKv, revision: ev.revision };
  return undefined;
}

/**
 * One client's watch on the cache. Events queue in a bounded buffer; when it is full the cacher closes the watcher
 * (it never waits for a slow client). The events it starts with (initial state or history) are held apart, as
 * references to immutable cache data, so a large initial state does not count against the live buffer.
 */
export class CacheWatcher implements AsyncIterable<WatchEvent> {
  private readonly queue: WatchEvent[] = [];
  private failure: Error | undefined;
  private closed = false;
  private wake: (() => void) | undefined;
  private lastBookmarkAt: number;

  constructor(
    readonly filter: WatcherFilter,
    private initial: WatchEvent[],
    private readonly maxQueued: number,
    readonly allowBookmarks: boolean,
    now: number,
    private readonly onClose: (watcher: CacheWatcher) => void,
  ) {
    this.lastBookmarkAt = now;
  }

  /** Queues a cache event; false when the buffer is full (the caller closes the watcher). */
  dispatch(ev: CacheEvent): boolean | 'skipped' {
    const out = eventFor(this.filter, ev);
    if (!out) return 'skipped';
    return this.push(out);
  }

  /** Queues a BOOKMARK at `revision` when bookmarks are allowed, one is due, and there is room. */
  maybeBookmark(now: number, revision: number, intervalMs: number): void {
    if (!this.allowBookmarks || now - this.lastBookmarkAt < intervalMs || this.queue.length >= this.maxQueued) return;
    this.lastBookmarkAt = now;
    this.push({ type: 'BOOKMARK', revision });
  }

  /** Ends the iteration: normally, or by throwing `err` once the events queued before it were read. */
  close(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.failure = err;
    this.onClose(this);
    this.notify();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    try {
      for (;;) {
        if (this.initial.length > 0) {
          const batch = this.initial;
          this.initial = [];
          for (const ev of batch) yield ev;
          continue;
        }
        const ev = this.queue.shift();
        if (ev) {
          yield ev;
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.close();
    }
  }

  private push(ev: WatchEvent): boolean {
    if (this.closed) return true;
    if (this.queue.length >= this.maxQueued) return false;
    this.queue.push(ev);
    this.notify();
    return true;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
