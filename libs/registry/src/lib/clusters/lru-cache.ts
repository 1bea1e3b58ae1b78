/** Options of {@link LruCache}. */
export interface LruCacheOptions<V> {
  /** The most entries kept; the least recently used goes first. Must be ≥ 1. */
  readonly maxEntries: number;
  /** How long an entry stays valid after it was set. */
  readonly ttlMs: number;
  /** Injected clock (tests control time instead of sleeping). */
  readonly now?: () => number;
  /** Called for every entry that leaves the cache (evicted, expired, deleted or replaced). */
  readonly onRemove?: (key: string, value: V) => void;
}

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/**
 * A bounded least-recently-used map whose entries also expire after a TTL. Uses Map's insertion order as the
 * recency list (a hit re-inserts), so every operation is O(1) and memory never exceeds maxEntries entries.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly now: () => number;

  constructor(private readonly opts: LruCacheOptions<V>) {
    if (!(opts.maxEntries >= 1)) throw new Error('LruCache needs maxEntries >= 1');
    this.now = opts.now ?? Date.now;
  }

  /** The value of `key` if present and not expired (and marks it most recently used). */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Sets `key`, evicting the least recently used entry when full. */
  set(key: string, value: V): void {
    this.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.opts.ttlMs });
    while (this.entries.size > this.opts.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  /** Removes `key`; true when it was there. */
  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.opts.onRemove?.(key, entry.value);
    return true;
  }

  /** The number of entries held (expired ones included until touched). */
  get size(): number {
    return this.entries.size;
  }
}
