import type { Logger } from '@strata/runtime';
import { ApiError, isApiError } from '../client/api-error';
import { Backoff } from '../reconciler/backoff';
import type { Sleep } from '../reconciler/periodic-reconciler';
import { sleep as realSleep } from '../reconciler/periodic-reconciler';
import type { KubeObjectLike, ListWatcher } from './list-watcher';

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

/**
 * A client-go style informer: list, then watch from the list's resourceVersion, keeping an in-memory store and
 * calling handlers for each change. A watch that ends or breaks resumes from the last resourceVersion seen (events
 * and bookmarks); a 410 Expired (HTTP or an ERROR event) relists, and the relist reports objects that vanished
 * meanwhile as deletes. Failures are retried with backoff and logged here. The store holds one entry per live
 * object, so it is bounded by what the server holds.
 */
export class Informer<T extends KubeObjectLike> {
  private readonly store = new Map<string, T>();
  private synced = false;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private readonly backoff: Backoff;
  private readonly sleep: Sleep;

  constructor(private readonly opts: InformerOptions<T>) {
    this.backoff = opts.backoff ?? new Backoff({ initialMs: 200, maxMs: 10_000 });
    this.sleep = opts.sleep ?? realSleep;
  }

  /** True once the first list has filled the store. */
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
    let rv = '';
    while (!signal.aborted) {
      try {
        if (rv === '') rv = await this.relist(signal);
        rv = await this.watchFrom(rv, signal);
        this.backoff.reset();
      } catch (err) {
        if (signal.aborted) break;
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
    for (const [key, old] of this.store) {
      if (seen.has(key)) continue;
      this.store.delete(key);
      this.opts.handlers?.onDelete?.(old);
    }
    this.synced = true;
    return resourceVersion;
  }

  /** Watches until the stream ends; returns the last resourceVersion seen; throws 410 (as an ApiError) to relist. */
  private async watchFrom(rv: string, signal: AbortSignal): Promise<string> {
    for await (const event of this.opts.listWatcher.watch(rv, signal)) {
      if (event.type === 'ERROR') {
        const status = event.object as { code?: number; reason?: string; message?: string };
        throw new ApiError(status.code ?? 500, status.reason ?? 'Unknown', status.message ?? 'watch error');
      }
      const raw = event.object as unknown as T;
      const obj = this.opts.transform && event.type !== 'BOOKMARK' ? this.opts.transform(raw) : raw;
      const next = obj.metadata?.resourceVersion;
      if (event.type !== 'BOOKMARK') {
        const key = this.opts.keyOf(obj);
        if (event.type === 'DELETED') {
          const old = this.store.get(key);
          this.store.delete(key);
          if (old) this.opts.handlers?.onDelete?.(obj);
        } else {
          this.upsert(key, obj);
        }
      }
      if (next) rv = next;
    }
    return rv;
  }

  private upsert(key: string, obj: T): void {
    const old = this.store.get(key);
    this.store.set(key, obj);
    if (old === undefined) this.opts.handlers?.onAdd?.(obj);
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.opts.handlers?.onUpdate?.(old, obj);
  }
}
