import { ResourceVersionMatch, WatchEvent_Type, type KeyValue as ProtoKeyValue, type WatchEvent as ProtoWatchEvent } from '@strata/proto';
import { StorageError, StorageErrorCode } from '../errors';
import type { KeyValue, ResourceVersionMatch as Match, WatchEvent } from '../interfaces';

/** Proto key-value → the storage contract. */
export function kvFromProto(kv: ProtoKeyValue): KeyValue {
  return { key: kv.key, value: kv.value, createRevision: kv.createRevision, modRevision: kv.modRevision };
}

/** Proto key-value that must be present (a response field the service always sets). */
export function requiredKv(kv: ProtoKeyValue | undefined, what: string): KeyValue {
  if (!kv) throw new StorageError(StorageErrorCode.Internal, `storage service sent ${what} without a key-value`);
  return kvFromProto(kv);
}

/** The storage contract's resourceVersionMatch → proto. */
export function matchToProto(match: Match | undefined): ResourceVersionMatch {
  if (match === 'NotOlderThan') return ResourceVersionMatch.RESOURCE_VERSION_MATCH_NOT_OLDER_THAN;
  if (match === 'Exact') return ResourceVersionMatch.RESOURCE_VERSION_MATCH_EXACT;
  if (match === '' || match === undefined) return ResourceVersionMatch.RESOURCE_VERSION_MATCH_UNSPECIFIED;
  // An unknown value must reach the server so it answers with kube's "Unsupported value" error.
  return ResourceVersionMatch.UNRECOGNIZED;
}

const types: Partial<Record<WatchEvent_Type, WatchEvent['type']>> = {
  [WatchEvent_Type.ADDED]: 'ADDED',
  [WatchEvent_Type.MODIFIED]: 'MODIFIED',
  [WatchEvent_Type.DELETED]: 'DELETED',
  [WatchEvent_Type.BOOKMARK]: 'BOOKMARK',
};

/** Proto watch event → the storage contract; rejects Internal for an unknown type. */
export function watchEventFromProto(ev: ProtoWatchEvent): WatchEvent {
  const type = types[ev.type];
  if (!type) throw new StorageError(StorageErrorCode.Internal, `storage service sent a watch event of unknown type ${ev.type}`);
  const out: { -readonly [K in keyof WatchEvent]: WatchEvent[K] } = { type, revision: ev.revision };
  if (ev.kv) out.kv = kvFromProto(ev.kv);
  if (ev.prevKv) out.prevKv = kvFromProto(ev.prevKv);
  if (ev.initialEventsEnd) out.initialEventsEnd = true;
  return out;
}
