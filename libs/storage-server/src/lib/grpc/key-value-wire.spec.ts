import { KeyValue as ProtoKeyValue, ListResponse } from '@strata/proto';
import type { KeyValue } from '@strata/storage';
import { EncodedKeyValue, encodeKeyValueItem, listItemLength, writeListItem } from './key-value-wire';

const kvs: KeyValue[] = [
  { key: '/registry/core/configmaps/c/ns/a', value: Buffer.from('{"a":1}'), createRevision: 5, modRevision: 7 },
  { key: '/k/é✓', value: Buffer.alloc(300, 0x78), createRevision: 2 ** 40, modRevision: 2 ** 53 - 1 },
  { key: '', value: Buffer.alloc(0), createRevision: 0, modRevision: 0 },
  { key: '/j', value: Buffer.from('{"kind":"X","metadata":{"name":"a"},"data":{}}'), createRevision: 0, modRevision: 0 },
  { key: '/registry/core/configmaps/c/ns/b', value: Buffer.from('{"metadata":{}}'), createRevision: 2 ** 40, modRevision: 2 ** 53 - 1 },
];

describe('encoded key-values', () => {
  it('holds the value only inside its encoded item and hands out views of it', () => {
    const kv = new EncodedKeyValue(kvs[1]!);
    expect(kv.value.buffer).toBe(kv.listItem.buffer);
    expect(kv.value).toEqual(Buffer.alloc(300, 0x78));
    expect(kv.valueUtf8()).toBe('x'.repeat(300));
    expect(kv.listItem).toEqual(encodeKeyValueItem(kvs[1]!).bytes);
    expect(ListResponse.decode(kv.listItem).kvs[0]).toEqual({ ...kvs[1], value: Buffer.from(kvs[1]!.value) });
    // Only the plain fields are own properties: the bytes and their place stay private.
    expect(Object.keys(kv).sort()).toEqual(['createRevision', 'key', 'modRevision']);
  });

  it('is placed where the allocator says, and relocation copies the bytes without touching the old place', () => {
    const slab = Buffer.alloc(1024, 0xee);
    const kv = new EncodedKeyValue(kvs[0]!, () => ({ bytes: slab, offset: 100 }));
    expect(kv.backing).toBe(slab);
    expect(slab.subarray(100, 100 + kv.itemLength)).toEqual(encodeKeyValueItem(kvs[0]!).bytes);
    expect(slab[99]).toBe(0xee);
    expect(slab[100 + kv.itemLength]).toBe(0xee);
    const oldView = kv.value;
    const other = Buffer.alloc(512);
    kv.relocate(() => ({ bytes: other, offset: 7 }));
    expect(kv.backing).toBe(other);
    expect(kv.listItem).toEqual(encodeKeyValueItem(kvs[0]!).bytes);
    expect(Buffer.from(oldView).toString()).toBe('{"a":1}');
  });

  it('writes list items straight into a response buffer, cached or not, identical to the encoding', () => {
    for (const source of kvs) {
      const cached = new EncodedKeyValue(source);
      for (const kv of [source, { ...source, jsonMetaClose: cached.jsonMetaClose }, cached]) {
        const expected = encodeKeyValueItem(kv).bytes;
        expect(listItemLength(kv)).toBe(expected.length);
        const out = Buffer.alloc(expected.length + 4, 0xaa);
        expect(writeListItem(kv, out, 2)).toBe(2 + expected.length);
        expect(out.subarray(2, 2 + expected.length)).toEqual(expected);
        expect([out[0], out[1], out[expected.length + 2], out[expected.length + 3]]).toEqual([0xaa, 0xaa, 0xaa, 0xaa]);
      }
    }
  });

  it('finds where canonical JSON metadata closes once, on entry, and carries it as the item\'s last field', () => {
    const metaCloses = kvs.map((source) => new EncodedKeyValue(source).jsonMetaClose);
    expect(metaCloses).toEqual([undefined, undefined, undefined, 34, 13]);
    for (const source of kvs) {
      const kv = new EncodedKeyValue(source);
      // ts-proto writes the same bytes from the cached key-value (its getters) and reads the offset back.
      expect(kv.listItem).toEqual(Buffer.from(ListResponse.encode({ kvs: [kv], revision: 0, continue: '' }).finish()));
      expect(ListResponse.decode(kv.listItem).kvs[0]?.jsonMetaClose).toBe(kv.jsonMetaClose);
    }
    // A stale offset on the source is not copied: the cache finds its own (none for a value that is not canonical).
    expect(new EncodedKeyValue({ ...kvs[0]!, jsonMetaClose: 3 }).jsonMetaClose).toBeUndefined();
    expect(new EncodedKeyValue({ ...kvs[3]!, value: Buffer.from('{"metadata":{"name":"a"}, "data":{}}') }).jsonMetaClose).toBeUndefined();
  });

  it('reads the offset only from its own item, not from the slab bytes after it', () => {
    // Bytes after an item without the field look like the field's tag and a varint.
    const slab = Buffer.alloc(1024, 0x28);
    for (const source of kvs) {
      const kv = new EncodedKeyValue(source, () => ({ bytes: slab, offset: 10 }));
      expect(kv.jsonMetaClose).toBe(new EncodedKeyValue(source).jsonMetaClose);
    }
  });

  it('writes a plain key-value\'s jsonMetaClose as ts-proto writes the optional field (0 too), and refuses one beyond uint32', () => {
    for (const jsonMetaClose of [0, 1, 300, 2 ** 32 - 1]) {
      const kv = { ...kvs[0]!, jsonMetaClose };
      const out = Buffer.alloc(listItemLength(kv));
      writeListItem(kv, out, 0);
      expect(out.subarray(2)).toEqual(Buffer.from(ProtoKeyValue.encode({ ...kv, value: Buffer.from(kv.value) }).finish()));
    }
    expect(() => listItemLength({ ...kvs[0]!, jsonMetaClose: 2 ** 32 })).toThrow(RangeError);
    expect(() => listItemLength({ ...kvs[0]!, jsonMetaClose: -1 })).toThrow(RangeError);
  });

  it('refuses revisions a varint of a JS number cannot carry, before allocating', () => {
    let allocated = 0;
    const allocate = (length: number) => {
      allocated += length;
      return { bytes: Buffer.alloc(length), offset: 0 };
    };
    expect(() => new EncodedKeyValue({ ...kvs[0]!, createRevision: 2 ** 53 }, allocate)).toThrow(RangeError);
    expect(() => listItemLength({ ...kvs[0]!, modRevision: -1 })).toThrow(RangeError);
    expect(allocated).toBe(0);
  });
});
