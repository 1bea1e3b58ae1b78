import { ListResponse } from '@strata/proto';
import type { KeyValue } from '@strata/storage';
import { encodeKeyValueItem } from '../grpc/key-value-wire';
import type { CacheEntry } from './sorted-store';
import { SortedStore } from './sorted-store';

const kv = (key: string, text: string, rev = 1): KeyValue => ({ key, value: Buffer.from(text), createRevision: rev, modRevision: rev });
const text = (e: CacheEntry | undefined) => (e ? Buffer.from(e.value).toString() : undefined);
const keys = (store: SortedStore, prefix = '/') => [...store.range(prefix)].map((e) => e.key);

describe('SortedStore (slab-backed)', () => {
  it('keeps keys sorted through put, replace and remove; get and ranges see the same entries', () => {
    const store = new SortedStore({ slabSize: 256 });
    for (const k of ['/a/2', '/b/1', '/a/1', '/a/3']) store.put(kv(k, `v${k}`));
    expect(keys(store)).toEqual(['/a/1', '/a/2', '/a/3', '/b/1']);
    const prev = store.put(kv('/a/2', 'new', 9));
    expect(text(prev)).toBe('v/a/2');
    expect(text(store.get('/a/2'))).toBe('new');
    expect(store.get('/a/2')?.modRevision).toBe(9);
    expect(text(store.remove('/a/1'))).toBe('v/a/1');
    expect(store.remove('/a/1')).toBeUndefined();
    expect(store.get('/a/1')).toBeUndefined();
    expect(store.get('/a/0')).toBeUndefined();
    expect(keys(store, '/a/')).toEqual(['/a/2', '/a/3']);
    expect(store.countRange('/a/', '/a/3')).toBe(1);
    expect(store.size).toBe(3);
  });

  it('stores each item exactly as the wire encoding, with the value as a view inside it', () => {
    const store = new SortedStore({ slabSize: 1024 });
    const source = kv('/k/é✓', 'x'.repeat(300), 2 ** 40);
    store.put(source);
    const entry = store.get('/k/é✓') as CacheEntry;
    expect(entry.listItem).toEqual(encodeKeyValueItem(source).bytes);
    expect(entry.value.buffer).toBe(entry.listItem.buffer);
    expect(entry.valueUtf8()).toBe('x'.repeat(300));
    expect(ListResponse.decode(entry.listItem).kvs[0]).toEqual({ ...source, value: Buffer.from(source.value) });
  });

  it('packs many items per slab and compacts: garbage stays bounded, live values intact, old views still valid', () => {
    const slabSize = 4096;
    const store = new SortedStore({ slabSize });
    const value = (i: number, round: number) => `${'x'.repeat(80)}-${i}-${round}`;
    for (let i = 0; i < 100; i++) store.put(kv(`/k/${String(i).padStart(3, '0')}`, value(i, 0)));
    const first = store.get('/k/000') as CacheEntry;
    const heldView = first.value; // a list or watch in flight holding the bytes
    expect(first.backing).toBe((store.get('/k/001') as CacheEntry).backing); // shared slab
    for (let round = 1; round <= 20; round++) {
      for (let i = 0; i < 100; i += 2) store.put(kv(`/k/${String(i).padStart(3, '0')}`, value(i, round)));
      // Without compaction garbage would grow by ~5 KiB a round; with it, at most a quarter of the slabs plus a
      // slab's worth closed and the open slab's own.
      const { live, used } = store.bytes;
      expect(used - live).toBeLessThanOrEqual(used / 4 + 2 * slabSize);
      expect(used).toBeLessThanOrEqual(2 * live + 2 * slabSize);
    }
    expect(Buffer.from(heldView).toString()).toBe(value(0, 0));
    for (let i = 0; i < 100; i++) expect(text(store.get(`/k/${String(i).padStart(3, '0')}`))).toBe(value(i, i % 2 === 0 ? 20 : 0));
    // The odd keys were never rewritten: compaction moved them out of their first slabs.
    expect((store.get('/k/001') as CacheEntry).backing).not.toBe(first.backing);
  });

  it('moves entries held by the history out of an emptied slab into buffers of their own, and they keep their bytes', () => {
    const held: CacheEntry[] = [];
    const store = new SortedStore({ slabSize: 2048, retained: () => held });
    for (let i = 0; i < 40; i++) store.put(kv(`/k/${i}`, `${'y'.repeat(60)}${i}`));
    const removed = store.remove('/k/0') as CacheEntry;
    held.push(removed);
    const slabOfRemoved = removed.backing;
    // Odd keys stay live in the first slab, so it is emptied by a compaction (not dropped as all garbage).
    for (let round = 0; round < 10; round++) for (let i = 2; i < 40; i += 2) store.put(kv(`/k/${i}`, `${'z'.repeat(60)}${i}-${round}`));
    expect(removed.backing).not.toBe(slabOfRemoved);
    expect(removed.backing.length).toBe(removed.itemLength);
    expect(removed.valueUtf8()).toBe(`${'y'.repeat(60)}0`);
    const { live, used } = store.bytes;
    expect(used - live).toBeLessThanOrEqual(used / 4 + 2 * 2048);
  });

  it('a mass removal while the history holds every removed item copies each of them at most once', () => {
    const held: CacheEntry[] = [];
    const store = new SortedStore({ slabSize: 4096, retained: () => held });
    const n = 2000;
    for (let i = 0; i < n; i++) store.put(kv(`/k/${String(i).padStart(5, '0')}`, `${'v'.repeat(80)}${i}`));
    const copies = new Map<CacheEntry, number>();
    const backings = new Map<CacheEntry, Buffer>();
    // Remove all but every tenth key, the history keeping each removed item (as it does within its bound).
    for (let i = 0; i < n; i++) {
      if (i % 10 === 0) continue;
      const removed = store.remove(`/k/${String(i).padStart(5, '0')}`) as CacheEntry;
      held.push(removed);
      backings.set(removed, removed.backing);
      for (const entry of held) {
        if (entry.backing !== backings.get(entry)) {
          copies.set(entry, (copies.get(entry) ?? 0) + 1);
          backings.set(entry, entry.backing);
        }
      }
    }
    expect(copies.size).toBeGreaterThan(0);
    expect(Math.max(...copies.values())).toBe(1);
    for (const entry of held.slice(0, 5)) expect(entry.valueUtf8()).toMatch(/^v{80}\d+$/);
    expect(store.size).toBe(n / 10);
    const { live, used } = store.bytes;
    expect(used - live).toBeLessThanOrEqual(used / 4 + 2 * 4096);
  });

  it('drops a slab as soon as nothing in it is live, and gives big items their own buffer', () => {
    const store = new SortedStore({ slabSize: 1024 });
    const big = 'b'.repeat(600);
    store.put(kv('/big', big));
    store.put(kv('/small', 's'));
    expect((store.get('/big') as CacheEntry).backing.length).toBe((store.get('/big') as CacheEntry).itemLength);
    const before = store.bytes.used;
    store.remove('/big');
    expect(store.bytes.used).toBeLessThan(before - 600);
    expect(store.bytes.live).toBe((store.get('/small') as CacheEntry).itemLength);
  });

  it('appends sorted pages and clears', () => {
    const store = new SortedStore({ slabSize: 512 });
    store.appendSorted([kv('/a', '1'), kv('/b', '2')]);
    store.appendSorted([kv('/c', '3')]);
    expect(keys(store)).toEqual(['/a', '/b', '/c']);
    expect(text(store.get('/b'))).toBe('2');
    store.clear();
    expect(store.size).toBe(0);
    expect(store.bytes).toEqual({ live: 0, used: 0 });
  });

  it('refuses a revision the encoding cannot carry, leaving the store unchanged', () => {
    const store = new SortedStore();
    expect(() => store.put({ ...kv('/a', '1'), modRevision: -1 })).toThrow(RangeError);
    expect(store.size).toBe(0);
  });
});
