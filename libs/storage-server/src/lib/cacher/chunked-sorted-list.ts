/** Items per chunk before it is split in two (halves of 512: a splice inside one moves at most 1,024 pointers). */
export const MAX_CHUNK = 1024;

/** The first string after every string that starts with `prefix` (its last UTF-16 unit plus one), or undefined. */
function prefixEnd(prefix: string): string | undefined {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.length === 0 || last === 0xffff ? undefined : prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/**
 * Items ordered by key (JavaScript string order) in a list of sorted chunks of at most {@link MAX_CHUNK}: a lookup
 * is two binary searches (over the chunks' first keys, then inside one chunk), and an insert or a removal moves at
 * most one chunk's pointers plus, when a chunk splits or empties, the chunk list's (n / 512 pointers). One flat
 * sorted array moved n pointers per insert: with 500,000 keys cached that was half a millisecond per new key, and
 * the watch-cache's CPU per created workspace grew with the number of workspaces. Chunks that shrink below a
 * quarter are merged with a neighbour, so a mass deletion does not leave a long list of tiny chunks.
 */
export class ChunkedSortedList<T extends { readonly key: string }> {
  private chunks: T[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: string): T | undefined {
    if (this.count === 0) return undefined;
    const chunk = this.chunks[this.chunkFor(key)] as T[];
    const item = chunk[lowerBound(chunk, key)];
    return item?.key === key ? item : undefined;
  }

  /** Inserts `item`, or replaces the item with its key; returns the replaced one. */
  set(item: T): T | undefined {
    if (this.count === 0) {
      this.chunks = [[item]];
      this.count = 1;
      return undefined;
    }
    const ci = this.chunkFor(item.key);
    const chunk = this.chunks[ci] as T[];
    const i = lowerBound(chunk, item.key);
    const prev = chunk[i];
    if (prev?.key === item.key) {
      chunk[i] = item;
      return prev;
    }
    chunk.splice(i, 0, item);
    this.count++;
    if (chunk.length > MAX_CHUNK) this.chunks.splice(ci + 1, 0, chunk.splice(chunk.length >>> 1));
    return undefined;
  }

  /** Removes the item with `key`; returns it. */
  delete(key: string): T | undefined {
    if (this.count === 0) return undefined;
    const ci = this.chunkFor(key);
    const chunk = this.chunks[ci] as T[];
    const i = lowerBound(chunk, key);
    const prev = chunk[i];
    if (prev?.key !== key) return undefined;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(ci, 1);
    else if (chunk.length < MAX_CHUNK / 4) this.mergeAround(ci);
    return prev;
  }

  /**
   * Appends `item`, whose key should sort after every key held (a sorted initial load: no search). One that does
   * not (etcd orders keys by bytes, JavaScript by UTF-16 units: they differ for some non-ASCII keys) is inserted in
   * its place instead, so the order holds whatever the source's.
   */
  push(item: T): void {
    const lastChunk = this.chunks[this.chunks.length - 1];
    const last = lastChunk?.[lastChunk.length - 1];
    if (last && !(last.key < item.key)) {
      this.set(item);
      return;
    }
    if (!lastChunk || lastChunk.length >= MAX_CHUNK) this.chunks.push([item]);
    else lastChunk.push(item);
    this.count++;
  }

  clear(): void {
    this.chunks = [];
    this.count = 0;
  }

  /** Items with key ≥ `start`, in key order (the list must not change while this is iterated). */
  *from(start: string): Generator<T> {
    if (this.count === 0) return;
    let ci = this.chunkFor(start);
    let i = lowerBound(this.chunks[ci] as T[], start);
    for (; ci < this.chunks.length; ci++, i = 0) {
      const chunk = this.chunks[ci] as T[];
      for (; i < chunk.length; i++) yield chunk[i] as T;
    }
  }

  *[Symbol.iterator](): Generator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /** Number of keys that start with `prefix` and are ≥ `from`. */
  countPrefix(prefix: string, from: string = prefix): number {
    const start = from < prefix ? prefix : from;
    const end = prefixEnd(prefix);
    if (end === undefined) {
      let n = 0;
      for (const item of this.from(start)) {
        if (!item.key.startsWith(prefix)) break;
        n++;
      }
      return n;
    }
    return Math.max(0, this.rank(end) - this.rank(start));
  }

  /** Number of keys < `key` (the chunks before its chunk are summed: n / 512 additions at most). */
  private rank(key: string): number {
    if (this.count === 0) return 0;
    const ci = this.chunkFor(key);
    let n = 0;
    for (let c = 0; c < ci; c++) n += (this.chunks[c] as T[]).length;
    return n + lowerBound(this.chunks[ci] as T[], key);
  }

  /** The chunk that holds `key` or would: the last one whose first key is ≤ key, else the first. */
  private chunkFor(key: string): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (((this.chunks[mid] as T[])[0] as T).key <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : lo - 1;
  }

  /** Merges a small chunk into a neighbour when both fit in one. */
  private mergeAround(ci: number): void {
    const chunk = this.chunks[ci] as T[];
    const next = this.chunks[ci + 1];
    if (next && chunk.length + next.length <= MAX_CHUNK) {
      chunk.push(...next);
      this.chunks.splice(ci + 1, 1);
      return;
    }
    const prev = this.chunks[ci - 1];
    if (prev && chunk.length + prev.length <= MAX_CHUNK) {
      prev.push(...chunk);
      this.chunks.splice(ci, 1);
    }
  }
}

/** First index in `chunk` whose key is ≥ `key`. */
function lowerBound<T extends { readonly key: string }>(chunk: readonly T[], key: string): number {
  let lo = 0;
  let hi = chunk.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((chunk[mid] as T).key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
