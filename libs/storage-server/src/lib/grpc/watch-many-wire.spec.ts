import { WatchEvent_Type, WatchManyResponse } from '@strata/proto';
import { EncodedKeyValue } from './key-value-wire';
import { encodeWatchManyResponse } from './watch-many-wire';

describe('WatchMany wire format', () => {
  it('a response built from pre-encoded events is byte-identical to ts-proto, and decodes to the same message', () => {
    const kv = { key: '/registry/core/configmaps/c/ns/é✓', value: Buffer.from('{"a":1}'), createRevision: 5, modRevision: 2 ** 40 };
    const prevKv = { key: kv.key, value: Buffer.alloc(300, 0x78), createRevision: 5, modRevision: 6 };
    const res: WatchManyResponse = {
      events: [
        { watchId: 1, event: { type: WatchEvent_Type.MODIFIED, kv, prevKv, revision: 2 ** 40, initialEventsEnd: false } },
        { watchId: 0, event: { type: WatchEvent_Type.BOOKMARK, kv: undefined, prevKv: undefined, revision: 9, initialEventsEnd: true } },
        { watchId: 2 ** 31 + 7, event: undefined },
      ],
      ends: [
        { watchId: 3, code: 11, message: 'too old resource version: 4 (7)', storageError: 'ResourceVersionExpired', revision: 4 },
        { watchId: 4, code: 0, message: '', storageError: '', revision: undefined },
      ],
    };
    const expected = Buffer.from(WatchManyResponse.encode(res).finish());
    expect(encodeWatchManyResponse(res)).toEqual(expected);
    // Events whose key-values carry their cached bytes encode the same.
    const cached = { ...res, events: res.events.map((e) => (e.event?.kv ? { ...e, event: { ...e.event, kv: new EncodedKeyValue(kv), prevKv: new EncodedKeyValue(prevKv) } } : e)) };
    expect(encodeWatchManyResponse(cached)).toEqual(expected);
    expect(WatchManyResponse.decode(encodeWatchManyResponse(res))).toEqual(res);
  });
});
