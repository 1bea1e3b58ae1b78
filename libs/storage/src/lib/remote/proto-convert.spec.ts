import { ResourceVersionMatch, WatchEvent_Type } from '@strata/proto';
import { StorageErrorCode } from '../errors';
import { matchToProto, requiredKv, watchEventFromProto } from './proto-convert';

describe('remote proto conversion', () => {
  const kv = { key: '/k', value: Buffer.from('v'), createRevision: 2, modRevision: 3 };

  it('maps watch events and keeps only the fields that were set', () => {
    expect(watchEventFromProto({ type: WatchEvent_Type.MODIFIED, kv, prevKv: undefined, revision: 3, initialEventsEnd: false })).toEqual({
      type: 'MODIFIED',
      kv,
      revision: 3,
    });
    expect(watchEventFromProto({ type: WatchEvent_Type.BOOKMARK, revision: 9, initialEventsEnd: true })).toEqual({
      type: 'BOOKMARK',
      revision: 9,
      initialEventsEnd: true,
    });
  });

  it('rejects Internal for an unknown event type or a missing key-value', () => {
    expect(() => watchEventFromProto({ type: WatchEvent_Type.TYPE_UNSPECIFIED, revision: 1, initialEventsEnd: false })).toThrow(
      expect.objectContaining({ code: StorageErrorCode.Internal }),
    );
    expect(() => requiredKv(undefined, 'Get')).toThrow(expect.objectContaining({ code: StorageErrorCode.Internal }));
  });

  it('maps resourceVersionMatch, passing unknown values on for the server to reject', () => {
    expect(matchToProto(undefined)).toBe(ResourceVersionMatch.RESOURCE_VERSION_MATCH_UNSPECIFIED);
    expect(matchToProto('Exact')).toBe(ResourceVersionMatch.RESOURCE_VERSION_MATCH_EXACT);
    expect(matchToProto('NotOlderThan')).toBe(ResourceVersionMatch.RESOURCE_VERSION_MATCH_NOT_OLDER_THAN);
    expect(matchToProto('Bogus' as 'Exact')).toBe(ResourceVersionMatch.UNRECOGNIZED);
  });
});
