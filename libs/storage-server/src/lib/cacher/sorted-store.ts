import type { KeyValue } from '@strata/storage';

/** One cached object: its bytes, plus what selectors need, decoded once and only when first asked for. */
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
 * sorted key array and walks only its own keys, so listing one namespace of one workspace never touches another
 * workspace. Inserting a new key is an O(n) memmove of pointers (about 1 ms per million keys), which keeps reads
 * cheap and the memory overhead at one array slot per key.
 */
export class SortedStore {
  private readonly entries = new Map<string, CacheEntry>();
  private keys: string[] = [];

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  /** Inserts or replaces the entry of `kv.key`; returns the previous one. */
  put(kv: KeyValue): CacheEntry | undefined {
    const prev = this.entries.get(kv.key);
    this.entries.set(kv.key, { kv });
    if (!prev) this.keys.splice(this.lowerBound(kv.key), 0, kv.key);
    return prev;
  }

  /** Removes `key`; returns the removed entry. */
  remove(key: string): CacheEntry | undefined {
    const prev = this.entries.get(key);
    if (!prev) return undefined;
    this.entries.delete(key);
    const i = this.lowerBound(key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
    return prev;
  }

  clear(): void {
    this.entries.clear();
    this.keys = [];
  }

  /** Loads entries already sorted by key into an empty store (the initial list). */
  loadSorted(kvs: readonly KeyValue[]): void {
    for (const kv of kvs) {
      this.entries.set(kv.key, { kv });
      this.keys.push(kv.key);
    }
  }

  /** Entries whose key starts with `prefix` and is ≥ `from` (default: the prefix), in key order. */
  *range(prefix: string, from: string = prefix): Generator<CacheEntry> {
    const start = from < prefix ? prefix : from;
    for (let i = this.lowerBound(start); i < this.keys.length; i++) {
      const key = this.keys[i] as string;
      if (!key.startsWith(prefix)) return;
      const entry = this.entries.get(key);
      if (entry) yield entry;
    }
  }

  /** Number of keys under `prefix` that are ≥ `from` (two binary searches). */
  countRange(prefix: string, from: string = prefix): number {
    const first = this.lowerBound(from < prefix ? prefix : from);
    let lo = first;
    let hi = this.keys.length;
    // Keys with the prefix are contiguous: binary-search the first one past them.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as string).startsWith(prefix)) lo = mid + 1;
      else hi = mid;
    }
    return lo - first;
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
