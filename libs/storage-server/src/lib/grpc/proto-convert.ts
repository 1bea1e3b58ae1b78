import type { KeyValue as StorageKeyValue, WatchEvent as StorageWatchEvent, WatchEventType } from '@strata/storage';
import { EncodedKeyValue } from './key-value-wire';
import { ResourceVersionMatch, WatchEvent_Type, type KeyValue, type WatchEvent } from '@strata/proto';

/** Storage key-value → proto (no copy of the value bytes; a cached one is passed on with its encoded bytes). */
export function kvToProto(kv: StorageKeyValue): KeyValue {
  if (kv instanceof EncodedKeyValue) return kv;
  const v = kv.value;
  return {
    key: kv.key,
    value: Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength),
    createRevision: kv.createRevision,
    modRevision: kv.modRevision,
  };
}

const eventTypes: Record<WatchEventType, WatchEvent_Type> = {
  ADDED: WatchEvent_Type.ADDED,
  MODIFIED: WatchEvent_Type.MODIFIED,
  DELETED: WatchEvent_Type.DELETED,
  BOOKMARK: WatchEvent_Type.BOOKMARK,
};

/** Storage watch event → proto. */
export function watchEventToProto(ev: StorageWatchEvent): WatchEvent {
  return {
    type: eventTypes[ev.type],
    kv: ev.kv ? kvToProto(ev.kv) : undefined,
    prevKv: ev.prevKv ? kvToProto(ev.prevKv) : undefined,
    revision: ev.revision,
    initialEventsEnd: ev.initialEventsEnd ?? false,
  };
}

/** Proto resourceVersionMatch → the storage contract's string; an unknown value passes on as its number. */
export function matchFromProto(match: ResourceVersionMatch): '' | 'NotOlderThan' | 'Exact' {
  switch (match) {
    case ResourceVersionMatch.RESOURCE_VERSION_MATCH_NOT_OLDER_THAN:
      return 'NotOlderThan';
    case ResourceVersionMatch.RESOURCE_VERSION_MATCH_EXACT:
      return 'Exact';
    case ResourceVersionMatch.RESOURCE_VERSION_MATCH_UNSPECIFIED:
      return '';
    default:
      // Let the storage reject it with kube's "Unsupported value" instead of silently ignoring it.
      return String(match) as 'Exact';
  }
}
