import type { Logger } from '@strata/runtime';
import { ApiError, isApiError } from '../client/api-error';
import { Backoff } from '../reconciler/backoff';
import type { Sleep } from '../reconciler/periodic-reconciler';
import { sleep as realSleep } from '../reconciler/periodic-reconciler';
import { INITIAL_EVENTS_END_ANNOTATION } from './list-watcher';
import type { KubeObjectLike, ListWatcher } from './list-watcher';
import type { RawWatchEvent } from './watch-stream';

/** Callbacks of an {@link Informer}; they run synchronously with the store already updated, and must not throw. */
export interface InformerHandlers<T> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

/** Options of {@link Informer}. */
export interface InformerOptions<T> {
  readonly listWatcher: ListWatcher<T>;
  /** The store key of an object, e.g. "<cluster>/<name>". */
  readonly keyOf: (obj: T) => string;
  readonly handlers?: InformerHandlers<T>;
  readonly logger?: Logger;
  readonly backoff?: Backoff;
  readonly sleep?: Sleep;
  /**
   * Applied to every listed or watched object before it is stored or handed to handlers (client-go's
   * SetTransform): e.g. drop metadata.managedFields, which a controller never reads, so the store, which holds
   * every object, costs less per object. Must not throw.
   */
  readonly transform?: (obj: T) => T;
}

/** Thrown when the server refuses the watch-list request itself: the informer lists from then on. */
class WatchListRefusedError extends Error {
  override readonly name = 'WatchListRefusedError';
  constructor(readonly refusal: ApiError) {
    super(refusal.message);
  }
}

/**
 * A refusal of the watch-list request by a server without it (kube before WatchList: 400/403/422 on
 * resourceVersionMatch or sendInitialEvents). 410 (resync) and 429 (cache not ready, retry) are not refusals.
 */
function isWatchListRefusal(err: unknown): err is ApiError {
  return isApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 410 && err.status !== 429;
}

/**
 * A client-go style informer. It syncs by watch-list when its ListWatcher has one (client-go's WatchListClient):
 * one stream of the current state as ADDED events, each transformed and stored as it arrives, then an
 * initial-events-end BOOKMARK, at which stored objects the stream did not send are reported as deletes and the
 * informer is synced, then the changes on the same stream. A server that refuses watch-lists (a 4xx other than
 * 410/429 on the request) makes it list (paginated) and watch from the list's resourceVersion from then on, as does
 * a ListWatcher without watchList. A watch that ends or breaks resumes from the last resourceVersion seen (events
 * and bookmarks); a 410 Expired (HTTP or an ERROR event) syncs again, reporting objects that vanished meanwhile as
 * deletes. A watch-list that ends or breaks before its end bookmark deletes nothing and is retried. Failures are
 * retried with backoff and logged here. The store holds one entry per live object and a sync one key per object,
 * so both are bounded by what the server holds.
 */
export class Informer<T extends KubeObjectLike> {
  private readonly store = new Map<string, T>();
  private synced = false;
  /** Set once the server refused a watch-list: sync by list from then on. */
  private watchListRefused = false;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private readonly backoff: Backoff;
  private readonly sleep: Sleep;

  constructor(private readonly opts: InformerOptions<T>) {
    this.backoff = opts.backoff ?? new Backoff({ initialMs: 200, maxMs: 10_000 });
    this.sleep = opts.sleep ?? realSleep;
  }

  /** True once the first list (or watch-list, at its end bookmark) has filled the store. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** The stored object of `key`. Callers must not mutate it. */
  get(key: string): T | undefined {
    return this.store.get(key);
  }

  /** Every stored key. */
  keys(): IterableIterator<string> {
    return this.store.keys();
  }

  /** Every stored object. Callers must not mutate them. */
  values(): IterableIterator<T> {
    return this.store.values();
  }

  /** Starts list+watch; a second call does nothing. */
  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
  }

  /** Stops and waits for the loop to end. Idempotent. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const lw = this.opts.listWatcher;
    let rv = '';
    while (!signal.aborted) {
      try {
        if (rv === '' && lw.watchList && !this.watchListRefused) {
          // "" = a consistent state: after a 410 the last resourceVersion is gone anyway.
          rv = await this.apply(lw.watchList('', signal), '', new Set());
        } else {
          if (rv === '') rv = await this.relist(signal);
          rv = await this.apply(lw.watch(rv, signal), rv, undefined);
        }
        this.backoff.reset();
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof WatchListRefusedError) {
          this.watchListRefused = true;
          this.opts.logger?.warn({ status: err.refusal.status, reason: err.refusal.reason, err: err.message }, 'the server refused the watch-list request, listing from now on');
          continue;
        }
        if (isApiError(err, 410)) {
          this.opts.logger?.info({ resourceVersion: rv }, 'watch expired, relisting');
          rv = '';
          continue;
        }
        const delay = this.backoff.next();
        this.opts.logger?.warn({ err: err instanceof Error ? err.message : String(err), retryInMs: delay }, 'list/watch failed');
        await this.sleep(delay, signal);
      }
    }
  }

  private async relist(signal: AbortSignal): Promise<string> {
    const { items, resourceVersion } = await this.opts.listWatcher.list(signal);
    const seen = new Set<string>();
    for (const listed of items) {
      const obj = this.opts.transform ? this.opts.transform(listed) : listed;
      const key = this.opts.keyOf(obj);
      seen.add(key);
      this.upsert(key, obj);
    }
    this.completeSync(seen);
    return resourceVersion;
  }

  /** Reports the stored objects a sync did not see as deleted; the store now holds the server's state. */
  private completeSync(seen: ReadonlySet<string>): void {
    for (const [key, old] of this.store) {
      if (seen.has(key)) continue;
      this.store.delete(key);
      this.opts.handlers?.onDelete?.(old);
    }
    this.synced = true;
  }

  /**
   * Applies watch events until the stream ends; returns the last resourceVersion seen; throws 410 (as an ApiError)
   * to sync again. With `initial` (a watch-list), the keys of its initial events are collected there until the end
   * bookmark completes the sync; a stream that ends before that throws, and a refusal of the request itself throws
   * a {@link WatchListRefusedError}.
   */
  private async apply(events: AsyncIterable<RawWatchEvent>, rv: string, initial: Set<string> | undefined): Promise<string> {
    let received = false;
    try {
      for await (const event of events) {
        received = true;
        if (event.type === 'ERROR') {
          const status = event.object as { code?: number; reason?: string; message?: string };
          throw new ApiError(status.code ?? 500, status.reason ?? 'Unknown', status.message ?? 'watch error');
        }
        const raw = event.object as unknown as T;
        const obj = this.opts.transform && event.type !== 'BOOKMARK' ? this.opts.transform(raw) : raw;
        const next = obj.metadata?.resourceVersion;
        if (event.type === 'BOOKMARK') {
          if (initial && obj.metadata?.annotations?.[INITIAL_EVENTS_END_ANNOTATION] === 'true') {
            this.completeSync(initial);
            initial = undefined;
          }
        } else {
          const key = this.opts.keyOf(obj);
          if (event.type === 'DELETED') {
            initial?.delete(key);
            const old = this.store.get(key);
            this.store.delete(key);
            if (old) this.opts.handlers?.onDelete?.(obj);
          } else {
            initial?.add(key);
            this.upsert(key, obj);
          }
        }
        if (next) rv = next;
      }
    } catch (err) {
      if (initial && !received && isWatchListRefusal(err)) throw new WatchListRefusedError(err);
      throw err;
    }
    if (initial) throw new Error('the watch-list stream ended before its initial-events-end bookmark');
    return rv;
  }

  private upsert(key: string, obj: T): void {
    const old = this.store.get(key);
    this.store.set(key, obj);
    if (old === undefined) this.opts.handlers?.onAdd?.(obj);
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.opts.handlers?.onUpdate?.(old, obj);
  }
}
