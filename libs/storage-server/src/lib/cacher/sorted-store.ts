import type { KeyValue } from '@strata/storage';
import type { ItemAllocator } from '../grpc/key-value-wire';
import { EncodedKeyValue, ownBuffer } from '../grpc/key-value-wire';
import { ChunkedSortedList } from './chunked-sorted-list';
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
 * The cache's objects, ordered by key, in a list of sorted chunks (chunked-sorted-list.ts): a lookup and a
 * prefix's first key are binary searches, and a prefix range walks only its own entries, so listing one namespace
 * of one workspace never touches another workspace. Inserting a new key moves at most a chunk's pointers, however
 * many keys are cached.
 *
 * Memory: an entry is one small object, its key string and its encoded item in an append-only slab
 * (item-slabs.ts). Replaced and removed items are garbage in their slab; when garbage reaches a quarter of the
 * slabs, the emptiest slabs' live items are copied into the open slab (the history's removed ones into buffers of
 * their own) and the emptied slabs are dropped (one pass over the entries, amortized over the writes that made the
 * garbage).
 */
export class SortedStore {
  private readonly entries = new ChunkedSortedList<CacheEntry>();
  private slabs: ItemSlabs;

  constructor(private readonly opts: SortedStoreOptions = {}) {
    this.slabs = new ItemSlabs(opts.slabSize);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes of the live encoded items, and of the slabs holding them (with garbage). */
  get bytes(): { live: number; used: number } {
    return { live: this.slabs.liveBytes, used: this.slabs.usedBytes };
  }

  get(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  /** Inserts or replaces the entry of `kv.key`; returns the previous one. Throws RangeError like the encoding. */
  put(kv: KeyValue): CacheEntry | undefined {
    const prev = this.entries.set(new CacheEntry(kv, this.slabs.allocate));
    if (prev) this.slabs.release(prev.backing, prev.itemLength);
    this.maybeCompact();
    return prev;
  }

  /** Removes `key`; returns the removed entry. */
  remove(key: string): CacheEntry | undefined {
    const prev = this.entries.delete(key);
    if (!prev) return undefined;
    this.slabs.release(prev.backing, prev.itemLength);
    this.maybeCompact();
    return prev;
  }

  clear(): void {
    this.entries.clear();
    this.slabs = new ItemSlabs(this.opts.slabSize);
  }

  /**
   * Appends entries sorted by key, all after the store's last key (the initial list, page by page; the source
   * buffers can be freed after each page). Throws RangeError like the encoding.
   */
  appendSorted(kvs: Iterable<KeyValue>): void {
    for (const kv of kvs) this.entries.push(new CacheEntry(kv, this.slabs.allocate));
  }

  /** Entries whose key starts with `prefix` and is ≥ `from` (default: the prefix), in key order. */
  *range(prefix: string, from: string = prefix): Generator<CacheEntry> {
    for (const entry of this.entries.from(from < prefix ? prefix : from)) {
      if (!entry.key.startsWith(prefix)) return;
      yield entry;
    }
  }

  /** Number of keys under `prefix` that are ≥ `from`. */
  countRange(prefix: string, from: string = prefix): number {
    return this.entries.countPrefix(prefix, from);
  }

  /** Empties the slabs worth emptying: their live items move to the open slab, the history's others out of the slabs. */
  compact(): void {
    const victims = this.slabs.victims();
    if (victims.size === 0) return;
    const allocate = this.slabs.allocate;
    for (const entry of this.entries) {
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
}
