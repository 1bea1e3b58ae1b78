import type { Etcd3 } from 'etcd3';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type {
  ConditionalResult, CreateItem, DeletePrefixesOptions, GetOptions, GetResult, KeyValue, ListOptions, ListResult, Storage, WatchEvent, WatchOptions,
} from '@strata/storage';
import { StorageError, StorageErrorCode, isStorageError } from '@strata/storage';
import { etcdFailure, isCompactedError } from '../etcd3/etcd-errors';
import { requireRangePrefix } from '../etcd3/etcd-keys';
import { planList } from '../etcd3/list-options';
import { parseResourceVersion, tooLargeResourceVersion } from '../etcd3/resource-version';
import { openEtcdWatch, prefixRangeEnd } from '../etcd3/raw-watch';
import { CacheWatcher, eventFor } from './cache-watcher';
import { listFromStore } from './cache-list';
import { CacherMetrics, resourceOfKey } from './cacher-metrics';
import { CompactionProbe } from './compaction-probe';
import { entrySelection } from './entry-selection';
import type { CacheEvent } from './event-history';
import { EventHistory } from './event-history';
import { SortedStore } from './sorted-store';
import { RevisionWaiters } from './revision-waiters';
import { WatcherIndex } from './watcher-index';

/** Options of {@link Cacher}. */
export interface CacherOptions {
  readonly etcdClient: Etcd3;
  /** The etcd-backed storage writes and delegated reads go to. */
  readonly writeThrough: Storage;
  /** The cached keyspace, e.g. "/registry/". */
  readonly prefix: string;
  readonly metrics?: Registry;
  readonly logger?: Logger;
  readonly clock?: { now(): number };
  /** Events younger than this stay in the history (default 75 s). */
  readonly historyWindowMs?: number;
  /** History bounds (default 100 and 102400 events). */
  readonly minHistoryEvents?: number;
  readonly maxHistoryEvents?: number;
  /** Events buffered per watcher before it is closed as too slow (default 1000). */
  readonly watcherBufferSize?: number;
  /** A watcher with allowBookmarks gets a BOOKMARK this often (default 60 s). */
  readonly bookmarkIntervalMs?: number;
  /** How long a read waits for the cache to become fresh enough (default 3 s). */
  readonly freshnessTimeoutMs?: number;
  /** The etcd watch to use; tests inject faults through it. */
  readonly openWatch?: typeof openEtcdWatch;
}

const initialListPageSize = 10_000;

/**
 * The watch cache (k8s.io/apiserver's cacher, out of process): one etcd watch over the whole etcd keyspace
 * feeds an in-memory copy of `prefix`, an event history and any number of watchers.
 *
 * Why the whole keyspace: every etcd revision then arrives as an event on the stream, so "the cache has
 * everything up to etcd's current revision R" is proven by having seen revision R, without trusting progress
 * notifications, which etcd before 3.4.25 (Debian ships 3.4.23) can send before events at lower revisions.
 * Keys outside `prefix` only advance the revision. A consistent read whose wait times out is delegated to etcd.
 *
 * Errors: reads reject like the etcd3 storage (KeyNotFound, InvalidArgument, ResourceVersionTooLarge after a
 * 3 s wait, ResourceVersionExpired "too old resource version: N (M)" for a watch older than the history); a
 * watcher is ended with ResourceVersionExpired after a relist and with Unavailable when it was too slow.
 */
export class Cacher implements Storage {
  private store: SortedStore;
  private readonly history: EventHistory;
  private readonly watchers = new WatcherIndex();
  private readonly waiters = new RevisionWaiters();
  private readonly metrics: CacherMetrics;
  private readonly clock: { now(): number };
  private readonly objectCounts = new Map<string, number>();
  private readonly compactionProbe = new CompactionProbe((revision) => this.probeRevision(revision));
  private revision = 0;
  /** The newest revision written through this cacher: reads wait for it, so a client reads its own writes. */
  private lastWriteRevision = 0;
  private ready = false;
  private stopped = false;
  private lifetime: AbortController | undefined;
  private bookmarkTimer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly opts: CacherOptions) {
    this.clock = opts.clock ?? Date;
    this.metrics = new CacherMetrics(opts.metrics ?? new Registry());
    this.history = new EventHistory({
      windowMs: opts.historyWindowMs ?? 75_000,
      minEvents: opts.minHistoryEvents ?? 100,
      maxEvents: opts.maxHistoryEvents ?? 102_400,
    });
    this.metrics.capacity.set({ resource: '' }, this.history.capacity);
    this.store = this.newStore();
  }

  /** An empty store whose compactions also move the objects the history holds. */
  private newStore(): SortedStore {
    return new SortedStore({ retained: () => this.history.entries() });
  }

  /** The revision the cache has reached (every event up to it is applied). */
  get currentCacheRevision(): number {
    return this.revision;
  }

  /** Lists the keyspace, then follows the etcd watch. Resolves when the cache is ready; rejects if the list fails. */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.lifetime) return;
    this.lifetime = new AbortController();
    signal?.addEventListener('abort', () => this.stop(), { once: true });
    await this.initialize();
    this.loop = this.follow();
    const interval = Math.min(1000, this.opts.bookmarkIntervalMs ?? 60_000);
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), interval);
    this.bookmarkTimer.unref();
  }

  /** Stops the etcd watch and ends every watcher. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.ready = false;
    this.lifetime?.abort();
    if (this.bookmarkTimer) clearInterval(this.bookmarkTimer);
    this.waiters.cancelAll();
    for (const w of [...this.watchers]) w.close();
    await this.loop;
  }

  /** Writes go to etcd; later reads through this cacher (other than "0") wait until the cache holds them. */
  async create(key: string, value: Uint8Array, opts?: { ttlSeconds?: number; signal?: AbortSignal }): Promise<KeyValue> {
    return this.wrote(await this.opts.writeThrough.create(key, value, opts));
  }
  async createAll(items: readonly CreateItem[], opts?: { signal?: AbortSignal }): Promise<KeyValue[]> {
    const kvs = await this.opts.writeThrough.createAll(items, opts);
    // One Txn: every item carries the same revision.
    if (kvs.length > 0) this.wrote(kvs[0]);
    return kvs;
  }
  async update(key: string, value: Uint8Array, expectedModRevision: number, opts?: { ttlSeconds?: number; signal?: AbortSignal }): Promise<ConditionalResult> {
    const result = await this.opts.writeThrough.update(key, value, expectedModRevision, opts);
    if (result.succeeded) this.wrote(result.kv);
    return result;
  }
  async delete(key: string, opts?: { expectedModRevision?: number; signal?: AbortSignal }): Promise<ConditionalResult> {
    const result = await this.opts.writeThrough.delete(key, opts);
    if (result.succeeded) this.wrote(result.kv);
    return result;
  }
  async deletePrefix(prefix: string, opts?: { signal?: AbortSignal }): Promise<{ deleted: number; revision: number }> {
    const result = await this.opts.writeThrough.deletePrefix(prefix, opts);
    this.lastWriteRevision = Math.max(this.lastWriteRevision, result.revision);
    return result;
  }
  async deletePrefixes(prefixes: readonly string[], opts?: DeletePrefixesOptions): Promise<{ deleted: number; revision: number }> {
    const result = await this.opts.writeThrough.deletePrefixes(prefixes, opts);
    this.lastWriteRevision = Math.max(this.lastWriteRevision, result.revision);
    return result;
  }
  count(prefix: string, opts?: { signal?: AbortSignal }): Promise<number> {
    return this.opts.writeThrough.count(prefix, opts);
  }
  currentRevision(opts?: { signal?: AbortSignal }): Promise<number> {
    return this.opts.writeThrough.currentRevision(opts);
  }

  /** "" consistent (delegated to etcd if the cache cannot catch up in time), "0" any, "N" not older than N. */
  async get(key: string, opts: GetOptions = {}): Promise<GetResult> {
    const minRev = parseResourceVersion(opts.resourceVersion);
    if (!this.ready) return this.opts.writeThrough.get(key, opts);
    const fresh = await this.freshEnough(key, opts.resourceVersion ?? '', minRev, opts.signal);
    if (!fresh) return this.opts.writeThrough.get(key, opts);
    const entry = this.store.get(key);
    if (!entry) throw new StorageError(StorageErrorCode.KeyNotFound, `key not found: ${key}`, key);
    return { kv: entry.kv, revision: this.revision };
  }

  /** kube's list semantics; Exact and continue at a revision other than the cache's are delegated to etcd. */
  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    requireRangePrefix(prefix);
    const plan = planList(opts);
    const selection = entrySelection(opts.labelSelector, opts.fieldSelector);
    if (!this.ready) return this.opts.writeThrough.list(prefix, opts);
    if (plan.continuing || plan.withRev > 0) {
      if (plan.withRev !== this.revision) return this.opts.writeThrough.list(prefix, opts);
    } else if (!(await this.freshEnough(prefix, opts.resourceVersion ?? '', plan.minRev, opts.signal))) {
      return this.opts.writeThrough.list(prefix, opts);
    }
    return listFromStore(this.store, prefix, this.revision, plan.startRelative, plan.limit, selection);
  }

  /** Served from the cache: "" (consistent) and "0" start with the current state; "N" replays the history after N. */
  watch(key: string, opts: WatchOptions): AsyncIterable<WatchEvent> {
    // Registered now, not at the first next(): "0" and "" mean the state when the watch was asked for.
    const opening = this.openWatcher(key, opts);
    opening.catch(() => undefined); // the error is delivered by the iteration
    return {
      async *[Symbol.asyncIterator]() {
        yield* await opening;
      },
    };
  }

  private async openWatcher(key: string, opts: WatchOptions): Promise<CacheWatcher> {
    const rv = opts.resourceVersion ?? '';
    const fromRev = parseResourceVersion(rv);
    if (opts.recursive) requireRangePrefix(key);
    const selection = entrySelection(opts.labelSelector, opts.fieldSelector);
    if (!this.ready) throw new StorageError(StorageErrorCode.Unavailable, 'the watch cache is initializing, retry', key);
    const withState = rv === '' || rv === '0' || opts.sendInitialEvents === true;
    if (withState) {
      if (!(await this.freshEnough(key, rv, fromRev, opts.signal))) throw tooLargeResourceVersion(fromRev, this.revision, key);
    } else if (fromRev > this.revision && !(await this.waitFor(key, fromRev, opts.signal))) {
      throw tooLargeResourceVersion(fromRev, this.revision, key);
    }
    // From here to registration nothing awaits: no event can slip between the initial events and the live ones.
    const filter = { key, recursive: opts.recursive, selection };
    let initial: WatchEvent[];
    if (withState) {
      initial = [];
      const entries = opts.recursive ? this.store.range(key) : [this.store.get(key)];
      for (const e of entries) if (e && selection.matches(e)) initial.push({ type: 'ADDED', kv: e.kv, revision: e.kv.modRevision });
      if (opts.sendInitialEvents) initial.push({ type: 'BOOKMARK', revision: this.revision, initialEventsEnd: true });
    } else {
      await this.requireNotCompacted(key, fromRev, opts.signal);
      const events = this.history.eventsAfter(fromRev);
      if (!events) {
        throw new StorageError(
          StorageErrorCode.ResourceVersionExpired,
          `too old resource version: ${fromRev} (${this.history.startRevision})`,
          key,
          this.history.startRevision,
        );
      }
      initial = [];
      for (const ev of events) {
        const out = eventFor(filter, ev);
        if (out) initial.push(out);
      }
    }
    const watcher = new CacheWatcher(filter, initial, this.opts.watcherBufferSize ?? 1000, opts.allowBookmarks === true, this.clock.now(), (w) =>
      this.watchers.delete(w),
    );
    this.watchers.add(watcher);
    opts.signal?.addEventListener('abort', () => watcher.close(), { once: true });
    if (opts.signal?.aborted) watcher.close();
    return watcher;
  }

  /**
   * Waits until the cache may answer a read with resourceVersion `rv`: "0" at once; "N" once it reached N
   * (ResourceVersionTooLarge after the timeout); "" once it reached etcd's current revision (false after the
   * timeout: the caller delegates to etcd).
   */
  private async freshEnough(key: string, rv: string, minRev: number, signal: AbortSignal | undefined): Promise<boolean> {
    if (rv === '0') return true;
    const resource = resourceOfKey(this.opts.prefix, key);
    if (rv !== '') {
      if (await this.waitFor(key, minRev, signal)) {
        // Best effort for read-your-writes: a write through this cacher not seen in time is still served from cache.
        await this.waitFor(key, this.lastWriteRevision, signal);
        return true;
      }
      throw tooLargeResourceVersion(minRev, this.revision, key);
    }
    const target = await this.opts.writeThrough.currentRevision({ signal });
    const fresh = await this.waitFor(key, target, signal);
    this.metrics.consistentReads.inc({ resource, success: String(fresh), fallback: String(!fresh) });
    return fresh;
  }

  private async waitFor(key: string, revision: number, signal: AbortSignal | undefined): Promise<boolean> {
    if (this.revision >= revision) return true;
    const started = this.clock.now();
    const reached = await this.waiters.wait(revision, this.opts.freshnessTimeoutMs ?? 3000, signal);
    this.metrics.readWait.observe({ resource: resourceOfKey(this.opts.prefix, key) }, (this.clock.now() - started) / 1000);
    signal?.throwIfAborted();
    return reached && this.ready;
  }

  /** Reads the keyspace page by page at one revision and resets the store and history to it. */
  private async initialize(): Promise<void> {
    const prefix = this.opts.prefix;
    const rangeEnd = prefixRangeEnd(prefix);
    // Each page is copied into a new store as it arrives, so its etcd response can be freed at once (holding
    // every page until the end doubled the peak, and the freed heap stayed resident); swapped in when complete.
    const store = this.newStore();
    let key = Buffer.from(prefix);
    let revision = 0;
    for (;;) {
      const resp = await this.opts.etcdClient.kv.range({ key, range_end: rangeEnd, limit: initialListPageSize, revision });
      if (revision === 0) revision = Number(resp.header.revision);
      store.appendSorted(
        resp.kvs.map((kv) => ({ key: kv.key.toString('utf8'), value: kv.value, createRevision: Number(kv.create_revision), modRevision: Number(kv.mod_revision) })),
      );
      const last = resp.kvs[resp.kvs.length - 1];
      if (!resp.more || !last) break;
      key = Buffer.concat([last.key, Buffer.from([0])]);
    }
    this.store = store;
    this.history.reset(revision);
    this.objectCounts.clear();
    for (const entry of store.range(prefix)) this.countObject(entry.key, 1);
    this.metrics.objects.reset();
    for (const [resource, n] of this.objectCounts) this.metrics.objects.set({ resource }, n);
    this.revision = revision;
    this.metrics.resourceVersion.set({ resource: '' }, revision);
    this.metrics.initializations.inc({ resource: '' });
    this.ready = true;
    this.waiters.reached(revision);
    this.opts.logger?.info({ revision, objects: store.size }, 'watch cache initialized');
  }

  /** Follows the etcd watch until stop(); a compaction past the cache's position ends every watcher and relists. */
  private async follow(): Promise<void> {
    const signal = this.lifetime?.signal;
    while (!signal?.aborted) {
      const stream = (this.opts.openWatch ?? openEtcdWatch)(this.opts.etcdClient, {
        key: '',
        prefix: true,
        startRevision: this.revision + 1,
        progressNotify: true,
        signal,
        logger: this.opts.logger,
      });
      try {
        for await (const batch of stream) {
          // stop() waits for this loop: do not drain batches the stream still had buffered.
          if (signal?.aborted) break;
          // Progress notifications are not trusted (see the class comment): only events advance the revision.
          if (batch.progressNotify) continue;
          for (const ev of batch.events) this.apply(ev.type, ev.kv);
          this.revision = batch.revision;
          this.metrics.resourceVersion.set({ resource: '' }, batch.revision);
          this.waiters.reached(batch.revision);
        }
      } catch (err) {
        if (!isStorageError(err, StorageErrorCode.ResourceVersionExpired)) {
          this.opts.logger?.error({ err }, 'etcd watch failed; reopening');
        } else {
          this.opts.logger?.warn({ revision: this.revision, compactRevision: err.revision }, 'watch cache fell behind a compaction; relisting');
        }
        await this.relist(err);
      }
    }
  }

  private async relist(cause: unknown): Promise<void> {
    this.ready = false;
    const expired = new StorageError(
      StorageErrorCode.ResourceVersionExpired,
      'The resourceVersion for the provided watch is too old.',
      undefined,
      isStorageError(cause) ? cause.revision : undefined,
    );
    for (const w of [...this.watchers]) w.close(expired);
    for (let delay = 100; !this.lifetime?.signal.aborted; delay = Math.min(delay * 2, 3000)) {
      try {
        await this.initialize();
        return;
      } catch (err) {
        this.opts.logger?.warn({ err, delayMs: delay }, 'watch cache relist failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private apply(type: 'put' | 'delete', kv: KeyValue): void {
    if (!kv.key.startsWith(this.opts.prefix)) return;
    const resource = resourceOfKey(this.opts.prefix, kv.key);
    this.metrics.eventsReceived.inc({ resource });
    let ev: CacheEvent;
    if (type === 'put') {
      const prev = this.store.put(kv);
      if (!prev) this.countObject(kv.key, 1);
      ev = { type, key: kv.key, entry: this.store.get(kv.key), prev, revision: kv.modRevision, receivedAt: this.clock.now() };
    } else {
      const prev = this.store.remove(kv.key);
      if (prev) this.countObject(kv.key, -1);
      ev = { type, key: kv.key, entry: undefined, prev, revision: kv.modRevision, receivedAt: this.clock.now() };
    }
    this.history.append(ev);
    let dispatched = 0;
    for (const w of this.watchers.candidates(ev.key)) {
      const result = w.dispatch(ev);
      if (result === true) dispatched++;
      else if (result === false) {
        this.metrics.terminatedWatchers.inc({ resource });
        this.opts.logger?.warn({ resource, revision: ev.revision }, 'forcing watcher close due to unresponsiveness');
        w.close(
          new StorageError(
            StorageErrorCode.Unavailable,
            'the watcher did not keep up and was closed; resume the watch from the last resourceVersion it received',
            w.filter.key,
          ),
        );
      }
    }
    if (dispatched > 0) this.metrics.eventsDispatched.inc({ resource }, dispatched);
  }

  /**
   * A watch from a revision etcd compacted answers 410 like the etcd3 storage, even when the history could still
   * serve it: one count-only Range at that revision tells, shared by concurrent opens (see CompactionProbe).
   */
  private async requireNotCompacted(key: string, revision: number, signal: AbortSignal | undefined): Promise<void> {
    if (revision <= 0) return;
    let served: boolean;
    try {
      served = await this.compactionProbe.notCompacted(revision);
    } catch (err) {
      throw etcdFailure(err, key);
    }
    if (!served) {
      throw new StorageError(StorageErrorCode.ResourceVersionExpired, `too old resource version: ${revision} (${this.history.startRevision})`, key, revision);
    }
    signal?.throwIfAborted();
  }

  /** One count-only Range at `revision`: false when etcd compacted it. */
  private async probeRevision(revision: number): Promise<boolean> {
    try {
      await this.opts.etcdClient.kv.range({ key: Buffer.from(this.opts.prefix), revision, count_only: true, serializable: true }, { deadline: Date.now() + 5000 });
      return true;
    } catch (err) {
      if (isCompactedError(err)) return false;
      throw err;
    }
  }

  private wrote(kv: KeyValue): KeyValue {
    this.lastWriteRevision = Math.max(this.lastWriteRevision, kv.modRevision);
    return kv;
  }

  private countObject(key: string, delta: number): void {
    const resource = resourceOfKey(this.opts.prefix, key);
    const n = (this.objectCounts.get(resource) ?? 0) + delta;
    if (n === 0) this.objectCounts.delete(resource);
    else this.objectCounts.set(resource, n);
    if (this.ready) this.metrics.objects.set({ resource }, n);
  }

  private sendBookmarks(): void {
    const now = this.clock.now();
    const interval = this.opts.bookmarkIntervalMs ?? 60_000;
    for (const w of this.watchers) w.maybeBookmark(now, this.revision, interval);
  }
}
