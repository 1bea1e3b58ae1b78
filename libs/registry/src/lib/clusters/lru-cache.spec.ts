import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used entry beyond maxEntries and reports removals', () => {
    const removed: string[] = [];
    const cache = new LruCache<number>({ maxEntries: 2, ttlMs: 1_000, now: () => 0, onRemove: (k) => removed.push(k) });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(2);
    expect(removed).toEqual(['b']);
  });

  it('expires entries after the TTL', () => {
    let now = 0;
    const cache = new LruCache<number>({ maxEntries: 10, ttlMs: 100, now: () => now });
    cache.set('a', 1);
    now = 99;
    expect(cache.get('a')).toBe(1);
    now = 100;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('refuses a cache without room', () => {
    expect(() => new LruCache<number>({ maxEntries: 0, ttlMs: 1 })).toThrow('maxEntries');
  });
});
