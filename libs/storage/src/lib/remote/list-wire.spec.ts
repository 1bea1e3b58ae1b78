import { ListResponse } from '@strata/proto';
import { decodeListResponse } from './list-wire';

describe('decodeListResponse', () => {
  const message: ListResponse = {
    kvs: [
      { key: '/registry/a/é', value: Buffer.from('{"metadata":{}}'), createRevision: 3, modRevision: 2 ** 45, jsonMetaClose: 13 },
      { key: '', value: Buffer.alloc(0), createRevision: 0, modRevision: 0 },
      { key: '/k', value: Buffer.alloc(5000, 1), createRevision: 1, modRevision: 2, jsonMetaClose: 0 },
      { key: '/l', value: Buffer.alloc(70_000, 0x20), createRevision: 1, modRevision: 2, jsonMetaClose: 65_536 },
    ],
    revision: 2 ** 45,
    continue: 'token',
    remainingItemCount: 0,
  };

  it('decodes what ts-proto decodes, with values as views into the message', () => {
    const wire = Buffer.from(ListResponse.encode(message).finish());
    const decoded = decodeListResponse(wire);
    expect(decoded).toStrictEqual(ListResponse.decode(wire));
    expect(decoded.kvs.map((kv) => kv.jsonMetaClose)).toEqual([13, undefined, 0, 65_536]);
    expect(decoded.kvs[2]?.value.buffer).toBe(wire.buffer);
  });

  it('keeps remainingItemCount absent when it was not sent, and skips unknown fields', () => {
    const wire = Buffer.concat([Buffer.from(ListResponse.encode({ ...message, remainingItemCount: undefined }).finish()), Buffer.from([0x48, 0x05])]);
    const decoded = decodeListResponse(wire);
    expect(decoded.remainingItemCount).toBeUndefined();
    expect(decoded).toEqual(ListResponse.decode(wire));
  });

  it('falls back to ts-proto for values it cannot hold exactly or bytes that are malformed', () => {
    const negative = Buffer.from(ListResponse.encode({ ...message, revision: -5 }).finish());
    expect(decodeListResponse(negative)).toEqual(ListResponse.decode(negative));
    const truncated = Buffer.from(ListResponse.encode(message).finish()).subarray(0, 20);
    expect(() => decodeListResponse(truncated)).toThrow();
  });
});
