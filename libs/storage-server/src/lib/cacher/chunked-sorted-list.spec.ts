import { ChunkedSortedList, MAX_CHUNK } from './chunked-sorted-list';

interface Item {
  readonly key: string;
  readonly n: number;
}

/** A deterministic pseudo-random sequence (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const keyOf = (i: number) => `/p${i % 7}/${String(i).padStart(6, '0')}`;

describe('ChunkedSortedList', () => {
  it('agrees with a plain sorted map through random inserts, replaces and deletes across many chunk splits and merges', () => {
    const next = random(42);
    const list = new ChunkedSortedList<Item>();
    const model = new Map<string, Item>();
    const universe = 6 * MAX_CHUNK;
    for (let step = 0; step < 40_000; step++) {
      const key = keyOf(Math.floor(next() * universe));
      // Mostly inserts early, mostly deletes late: chunks split, then shrink and merge.
      const insert = next() < (step < 20_000 ? 0.8 : 0.2);
      if (insert) {
        const item = { key, n: step };
        expect(list.set(item)).toBe(model.get(key));
        model.set(key, item);
      } else {
        expect(list.delete(key)).toBe(model.get(key));
        model.delete(key);
      }
      if (step % 2_000 === 0 || step === 39_999) {
        const sorted = [...model.keys()].sort();
        expect([...list].map((i) => i.key)).toEqual(sorted);
        expect(list.size).toBe(sorted.length);
        for (const prefix of ['/p0/', '/p3/', '/p6/', '/p9/']) {
          const from = `${prefix}0${Math.floor(next() * 6)}`;
          const expected = sorted.filter((k) => k.startsWith(prefix) && k >= from);
          expect([...list.from(from)].map((i) => i.key).filter((k) => k.startsWith(prefix))).toEqual(expected);
          expect(list.countPrefix(prefix, from)).toBe(expected.length);
          expect(list.countPrefix(prefix)).toBe(sorted.filter((k) => k.startsWith(prefix)).length);
        }
        for (const k of sorted.slice(0, 50)) expect(list.get(k)).toBe(model.get(k));
        expect(list.get('/p0/x')).toBeUndefined();
      }
    }
    expect(model.size).toBeGreaterThan(0);
  });

  it('a sorted load by push, then edits; an out-of-order push lands in its place; clear empties it', () => {
    const list = new ChunkedSortedList<Item>();
    for (let i = 0; i < 3 * MAX_CHUNK + 5; i++) list.push({ key: keyOf(i * 7), n: i }); // all under /p0/
    expect(list.size).toBe(3 * MAX_CHUNK + 5);
    expect(list.countPrefix('/p0/')).toBe(3 * MAX_CHUNK + 5);
    list.push({ key: '/a', n: -1 });
    expect([...list][0]?.key).toBe('/a');
    expect(list.get(keyOf(7 * 100))?.n).toBe(100);
    expect(list.delete(keyOf(0))?.n).toBe(0);
    expect(list.countPrefix('/p0/', keyOf(7))).toBe(3 * MAX_CHUNK + 4);
    list.clear();
    expect(list.size).toBe(0);
    expect([...list.from('')]).toEqual([]);
    expect(list.get('/a')).toBeUndefined();
    expect(list.countPrefix('/')).toBe(0);
  });

  it('counts a prefix whose last unit is the largest one by walking it', () => {
    const list = new ChunkedSortedList<Item>();
    for (const key of ['/a\uffff1', '/a\uffff2', '/b']) list.set({ key, n: 0 });
    expect(list.countPrefix('/a\uffff')).toBe(2);
  });
});
