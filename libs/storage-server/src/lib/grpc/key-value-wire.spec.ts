import { ListResponse } from '@strata/proto';
import type { KeyValue } from '@strata/storage';
import { EncodedKeyValue, encodeKeyValueItem, listItemBytes, listItemLength, writeListItem } from './key-value-wire';

const kvs: KeyValue[] = [
  { key: '/registry/core/configmaps/c/ns/a', value: Buffer.from('{"a":1}'), createRevision: 5, modRevision: 7 },
  { key: '/k/é✓', value: Buffer.alloc(300, 0x78), createRevision: 2 ** 40, modRevision: 2 ** 53 - 1 },
  { key: '', value: Buffer.alloc(0), createRevision: 0, modRevision: 0 },
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
      for (const kv of [source, new EncodedKeyValue(source)]) {
        const expected = encodeKeyValueItem(source).bytes;
        expect(listItemLength(kv)).toBe(expected.length);
        expect(listItemBytes(kv)).toEqual(expected);
        const out = Buffer.alloc(expected.length + 4, 0xaa);
        expect(writeListItem(kv, out, 2)).toBe(2 + expected.length);
        expect(out.subarray(2, 2 + expected.length)).toEqual(expected);
        expect([out[0], out[1], out[expected.length + 2], out[expected.length + 3]]).toEqual([0xaa, 0xaa, 0xaa, 0xaa]);
      }
    }
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
