import { ListResponse, WatchEvent, WatchEvent_Type } from '@strata/proto';
import type { KeyValue } from '@strata/storage';
import { EncodedKeyValue, encodeKeyValueItem } from './key-value-wire';
import { encodeListResponse, encodeWatchEvent } from './storage-wire';

const kvs: KeyValue[] = [
  { key: '/registry/core/configmaps/c/ns/a', value: Buffer.from('{"a":1}'), createRevision: 5, modRevision: 7 },
  { key: '/k/é✓', value: Buffer.alloc(300, 0x78), createRevision: 2 ** 40, modRevision: 2 ** 53 - 1 },
  { key: '', value: Buffer.alloc(0), createRevision: 0, modRevision: 0 },
  { key: '/k/b', value: new Uint8Array([1, 2, 3]).subarray(1), createRevision: 127, modRevision: 128 },
  // Canonical JSON: cached, it carries json_meta_close.
  { key: '/k/j', value: Buffer.from('{"metadata":{"name":"j"},"data":{"a":"b"}}'), createRevision: 3, modRevision: 2 ** 53 - 1 },
];

describe('pre-encoded storage wire format', () => {
  it('a list response built from pre-encoded items is byte-identical to ts-proto, cached or not', () => {
    const protoKvs = kvs.map((kv) => ({ ...kv, value: Buffer.from(kv.value) }));
    for (const extra of [
      { revision: 0, continue: '', remainingItemCount: undefined },
      { revision: 300, continue: 'tok✓', remainingItemCount: 0 },
      { revision: 2 ** 50, continue: '', remainingItemCount: 12345 },
    ]) {
      const expected = Buffer.from(ListResponse.encode({ kvs: protoKvs, ...extra }).finish());
      expect(encodeListResponse({ kvs: protoKvs, ...extra })).toEqual(expected);
      // ts-proto writes a cached key-value from its getters, json_meta_close included.
      const cached = kvs.map((kv) => new EncodedKeyValue(kv));
      expect(cached.map((kv) => kv.jsonMetaClose)).toEqual([undefined, undefined, undefined, undefined, 23]);
      expect(encodeListResponse({ kvs: cached, ...extra })).toEqual(Buffer.from(ListResponse.encode({ kvs: cached, ...extra }).finish()));
    }
  });

  it('watch events reuse the cached item bytes and stay byte-identical to ts-proto', () => {
    const [a, b, , , j] = kvs.map((kv) => new EncodedKeyValue(kv));
    const events: WatchEvent[] = [
      { type: WatchEvent_Type.ADDED, kv: a, prevKv: undefined, revision: 7, initialEventsEnd: false },
      { type: WatchEvent_Type.MODIFIED, kv: b, prevKv: a, revision: 2 ** 53 - 1, initialEventsEnd: false },
      { type: WatchEvent_Type.MODIFIED, kv: j, prevKv: j, revision: 10, initialEventsEnd: false },
      { type: WatchEvent_Type.ADDED, kv: { ...kvs[4]!, value: Buffer.from(kvs[4]!.value), jsonMetaClose: 23 }, prevKv: undefined, revision: 10, initialEventsEnd: false },
      { type: WatchEvent_Type.BOOKMARK, kv: undefined, prevKv: undefined, revision: 9, initialEventsEnd: true },
      { type: WatchEvent_Type.DELETED, kv: { ...kvs[0]!, value: Buffer.from('{}') }, prevKv: undefined, revision: 8, initialEventsEnd: false },
      { type: WatchEvent_Type.UNRECOGNIZED, kv: a, prevKv: undefined, revision: 1, initialEventsEnd: false },
    ];
    for (const ev of events) expect(encodeWatchEvent(ev)).toEqual(Buffer.from(WatchEvent.encode(ev).finish()));
  });

  it('refuses revisions a varint of a JS number cannot carry', () => {
    expect(() => encodeKeyValueItem({ ...kvs[0]!, modRevision: -1 })).toThrow(RangeError);
  });
});
