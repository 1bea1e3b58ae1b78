import type { KeyValue } from '@strata/storage';
import { encodedKeyValue } from '../grpc/key-value-wire';

/**
 * One cached object: its wire-encoded bytes (encoded once on entry, shared by every list and watcher), plus what
 * selectors need, decoded once and only when first asked for.
 */
export interface CacheEntry {
  readonly kv: KeyValue;
  /** The decoded JSON value (undefined when it is not JSON); filled lazily by {@link decodedValue}. */
  decoded?: { readonly obj: Record<string, unknown> | undefined };
}

/** The decoded value of an entry, parsed at most once. */
export function decodedValue(entry: CacheEntry): Record<string, unknown> | undefined {
  if (!entry.decoded) {
    let obj: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(entry.kv.value.buffer, entry.kv.value.byteOffset, entry.kv.value.byteLength).toString('utf8'));
      obj = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      obj = undefined;
    }
    entry.decoded = { obj };
  }
  return entry.decoded.obj;
}

/**
 * The cache's objects, ordered by key. Lookups are O(1) (a Map); a prefix range binary-searches its first key in a
 * sorted entry array and walks only its own entries, so listing one namespace of one workspace never touches
 * another workspace (and never goes back to the Map). Inserting a new key is an O(n) memmove of pointers (about
 * 1 ms per million keys), which keeps reads cheap and the memory overhead at one array slot per key.
 */
export class SortedStore {
  private readonly entries = new Map<string, CacheEntry>();
  private sorted: CacheEntry[] = [];

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  /** Inserts or replaces the entry of `kv.key`; returns the previous one. */
  put(kv: KeyValue): CacheEntry | undefined {
    const prev = this.entries.get(kv.key);
    const entry: CacheEntry = { kv: encodedKeyValue(kv) };
    this.entries.set(kv.key, entry);
    const i = this.lowerBound(kv.key);
    if (prev) this.sorted[i] = entry;
    else this.sorted.splice(i, 0, entry);
    return prev;
  }

  /** Removes `key`; returns the removed entry. */
  remove(key: string): CacheEntry | undefined {
    const prev = this.entries.get(key);
    if (!prev) return undefined;
    this.entries.delete(key);
    const i = this.lowerBound(key);
    if (this.sorted[i]?.kv.key === key) this.sorted.splice(i, 1);
    return prev;
  }

  clear(): void {
    this.entries.clear();
    this.sorted = [];
  }

  /** Loads entries already sorted by key into an empty store (the initial list). */
  loadSorted(kvs: readonly KeyValue[]): void {
    for (const kv of kvs) {
      const entry: CacheEntry = { kv: encodedKeyValue(kv) };
      this.entries.set(kv.key, entry);
      this.sorted.push(entry);
    }
  }

  /** Entries whose key starts with `prefix` and is ≥ `from` (default: the prefix), in key order. */
  *range(prefix: string, from: string = prefix): Generator<CacheEntry> {
    const start = from < prefix ? prefix : from;
    const sorted = this.sorted;
    for (let i = this.lowerBound(start); i < sorted.length; i++) {
      const entry = sorted[i] as CacheEntry;
      if (!entry.kv.key.startsWith(prefix)) return;
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
      if ((this.sorted[mid] as CacheEntry).kv.key.startsWith(prefix)) lo = mid + 1;
      else hi = mid;
    }
    return lo - first;
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] as CacheEntry).kv.key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
