import type { KeyValue } from '@strata/storage';
import type { ItemAllocator } from '../grpc/key-value-wire';
import { EncodedKeyValue, ownBuffer } from '../grpc/key-value-wire';
import { ItemSlabs } from './item-slabs';

/** An object's labels as selectors see them; null when the value is not a JSON object. */
export type EntryLabels = Readonly<Record<string, string>> | null;

/**
 * One cached object: its wire-encoded bytes (encoded once on entry, in the store's slabs, shared by every list
 * and watcher) and, once a label selector asked, its labels. Nothing else is decoded and kept: a parsed object
 * costs several times its JSON, the labels are what selectors need again and again.
 */
export class CacheEntry extends EncodedKeyValue {
  /** Filled by the first label selector that looks (entry-selection.ts); undefined until then. */
  labels: EntryLabels | undefined = undefined;

  constructor(kv: KeyValue, allocate: ItemAllocator) {
    super(kv, allocate);
  }

  /** The entry is its own key-value (kept as a name so callers read as before). */
  get kv(): EncodedKeyValue {
    return this;
  }
}

/** Options of {@link SortedStore}. */
export interface SortedStoreOptions {
  /** Bytes per slab (default 32 MiB; tests use tiny ones). */
  readonly slabSize?: number;
  /**
   * Entries held outside the store that should move with a compaction too (the event history's), so an emptied
   * slab is not kept alive by them. An entry the store no longer holds is copied out of the slabs into a buffer of
   * its own, once: the history drops it within its bound, and the garbage is the garbage collector's.
   */
  readonly retained?: () => Iterable<CacheEntry>;
}

/**
 * The cache's objects, ordered by key, in one sorted array: a lookup and a prefix's first key are binary
 * searches, and a prefix range walks only its own entries, so listing one namespace of one workspace never
 * touches another workspace. Inserting a new key is an O(n) memmove of pointers (about 1 ms per million keys),
 * which keeps reads cheap and the overhead at one array slot per key (no Map next to it: a binary search over a
 * million keys is ~20 comparisons).
 *
 * Memory: an entry is one small object, its key string and its encoded item in an append-only slab
 * (item-slabs.ts). Replaced and removed items are garbage in their slab; when garbage reaches a quarter of the
 * slabs, the emptiest slabs' live items are copied into the open slab (the history's removed ones into buffers of
 * their own) and the emptied slabs are dropped (one pass over the entries, amortized over the writes that made the
 * garbage).
 */
export class SortedStore {
  private sorted: CacheEntry[] = [];
  private slabs: ItemSlabs;

  constructor(private readonly opts: SortedStoreOptions = {}) {
    this.slabs = new ItemSlabs(opts.slabSize);
  }

  get size(): number {
    return this.sorted.length;
  }

  /** Bytes of the live encoded items, and of the slabs holding them (with garbage). */
  get bytes(): { live: number; used: number } {
    return { live: this.slabs.liveBytes, used: this.slabs.usedBytes };
  }

  get(key: string): CacheEntry | undefined {
    const entry = this.sorted[this.lowerBound(key)];
    return entry?.key === key ? entry : undefined;
  }

  /** Inserts or replaces the entry of `kv.key`; returns the previous one. Throws RangeError like the encoding. */
  put(kv: KeyValue): CacheEntry | undefined {
    const entry = new CacheEntry(kv, this.slabs.allocate);
    const i = this.lowerBound(kv.key);
    const prev = this.sorted[i];
    if (prev?.key === kv.key) {
      this.sorted[i] = entry;
      this.slabs.release(prev.backing, prev.itemLength);
    } else {
      this.sorted.splice(i, 0, entry);
    }
    this.maybeCompact();
    return prev?.key === kv.key ? prev : undefined;
  }

  /** Removes `key`; returns the removed entry. */
  remove(key: string): CacheEntry | undefined {
    const i = this.lowerBound(key);
    const prev = this.sorted[i];
    if (prev?.key !== key) return undefined;
    this.sorted.splice(i, 1);
    this.slabs.release(prev.backing, prev.itemLength);
    this.maybeCompact();
    return prev;
  }

  clear(): void {
    this.sorted = [];
    this.slabs = new ItemSlabs(this.opts.slabSize);
  }

  /**
   * Appends entries sorted by key, all after the store's last key (the initial list, page by page; the source
   * buffers can be freed after each page). Throws RangeError like the encoding.
   */
  appendSorted(kvs: Iterable<KeyValue>): void {
    for (const kv of kvs) this.sorted.push(new CacheEntry(kv, this.slabs.allocate));
  }

  /** Entries whose key starts with `prefix` and is ≥ `from` (default: the prefix), in key order. */
  *range(prefix: string, from: string = prefix): Generator<CacheEntry> {
    const start = from < prefix ? prefix : from;
    const sorted = this.sorted;
    for (let i = this.lowerBound(start); i < sorted.length; i++) {
      const entry = sorted[i] as CacheEntry;
      if (!entry.key.startsWith(prefix)) return;
      yield entry;
    }
  }

  /** Number of keys under `prefix` that are ≥ `from` (two binary searches). */
  countRange(prefix: string, from: string = prefix): number {
    const first = this.lowerBound(from < prefix ? prefix : from);
    let lo = first;
    let hi = this.sorted.length;
    // Keys with the prefix are contiguous: binary-search the first one past them.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] as CacheEntry).key.startsWith(prefix)) lo = mid + 1;
      else hi = mid;
    }
    return lo - first;
  }

  /** Empties the slabs worth emptying: their live items, and the retained ones, move to the open slab. */
  compact(): void {
    const victims = this.slabs.victims();
    if (victims.size === 0) return;
    const allocate = this.slabs.allocate;
    for (const entry of this.sorted) {
      const from = entry.backing;
      if (!victims.has(from)) continue;
      entry.relocate(allocate);
      this.slabs.release(from, entry.itemLength);
    }
    for (const entry of this.opts.retained?.() ?? []) {
      // Live entries moved above; what is still in a victim is garbage the history still holds. Copied into the
      // open slab it would be garbage there too, and the next compaction would copy it again (a mass deletion,
      // whose removed items fill the history, turned that into copying the history over and over: most of the
      // watch-cache's CPU while a 10,000-workspace tree was deleted). Out of the slabs, it is copied once.
      if (!victims.has(entry.backing)) continue;
      entry.relocate(ownBuffer);
    }
    this.slabs.forget(victims);
  }

  private maybeCompact(): void {
    if (this.slabs.needsCompaction) this.compact();
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] as CacheEntry).key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
