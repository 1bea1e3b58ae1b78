import { ListResponse, WatchEvent, StorageService, type KeyValue } from '@strata/proto';
import { listItemLength, varintLength, writeListItem, writeVarint } from './key-value-wire';

const TAG_LIST_REVISION = 0x10; // ListResponse.revision = 2, varint
const TAG_LIST_CONTINUE = 0x1a; // ListResponse.continue = 3, length-delimited
const TAG_LIST_REMAINING = 0x20; // ListResponse.remaining_item_count = 4, varint
const TAG_EVENT_TYPE = 0x08; // WatchEvent.type = 1, varint
const TAG_EVENT_KV = 0x12; // WatchEvent.kv = 2, length-delimited
const TAG_EVENT_PREV_KV = 0x1a; // WatchEvent.prev_kv = 3, length-delimited
const TAG_EVENT_REVISION = 0x20; // WatchEvent.revision = 4, varint
const TAG_EVENT_INITIAL_END = 0x28; // WatchEvent.initial_events_end = 5, varint

function fitsVarint(n: number | undefined): boolean {
  return n === undefined || (Number.isSafeInteger(n) && n >= 0);
}

/**
 * Serializes a ListResponse by copying each item's pre-encoded bytes (cached objects are encoded once when they
 * enter the cache) and the trailing fields into one buffer, straight from the cache's slabs (no view or part list
 * per item). Byte-identical to ts-proto's encoding; values it cannot write as plain varints (negative numbers) go
 * through ts-proto.
 */
export function encodeListResponse(res: ListResponse): Buffer {
  if (!fitsVarint(res.revision) || !fitsVarint(res.remainingItemCount)) return Buffer.from(ListResponse.encode(res).finish());
  let total = 0;
  for (const kv of res.kvs) total += listItemLength(kv);
  const continueLength = Buffer.byteLength(res.continue, 'utf8');
  const out = Buffer.allocUnsafe(
    total +
      (res.revision !== 0 ? 1 + varintLength(res.revision) : 0) +
      (continueLength > 0 ? 1 + varintLength(continueLength) + continueLength : 0) +
      (res.remainingItemCount !== undefined ? 1 + varintLength(res.remainingItemCount) : 0),
  );
  let pos = 0;
  for (const kv of res.kvs) pos = writeListItem(kv, out, pos);
  if (res.revision !== 0) {
    out[pos++] = TAG_LIST_REVISION;
    pos = writeVarint(out, pos, res.revision);
  }
  if (continueLength > 0) {
    out[pos++] = TAG_LIST_CONTINUE;
    pos = writeVarint(out, pos, continueLength);
    pos += out.write(res.continue, pos, 'utf8');
  }
  if (res.remainingItemCount !== undefined) {
    out[pos++] = TAG_LIST_REMAINING;
    writeVarint(out, pos, res.remainingItemCount);
  }
  return out;
}

/** Wire bytes of one ListResponse.kvs item (a cached one knows it; no view of its value is made): to size chunks. */
function approxItemBytes(kv: KeyValue): number {
  return listItemLength(kv);
}

/**
 * Splits a list answer into ListStream messages in key order, each closed once it holds about `chunkBytes` (so it
 * exceeds that by at most one item). Every message carries the revision; only the last one carries continue and
 * remaining_item_count. An empty list is one message. The messages share the answer's key-values (no copy): each is
 * serialized, from the items' pre-encoded bytes, only when the stream writes it.
 */
export function* splitListResponse(res: ListResponse, chunkBytes: number): Generator<ListResponse> {
  const kvs = res.kvs;
  let start = 0;
  let size = 0;
  for (let i = 0; i < kvs.length; i++) {
    size += approxItemBytes(kvs[i] as KeyValue);
    if (size >= chunkBytes && i + 1 < kvs.length) {
      yield { kvs: kvs.slice(start, i + 1), revision: res.revision, continue: '', remainingItemCount: undefined };
      start = i + 1;
      size = 0;
    }
  }
  yield { kvs: start === 0 ? kvs : kvs.slice(start), revision: res.revision, continue: res.continue, remainingItemCount: res.remainingItemCount };
}

/**
 * Serializes a WatchEvent from the pre-encoded bytes of its key-values (the same cached bytes go to every watcher
 * of an object), copied straight from the cache's slabs as encodeListResponse does (no view per event).
 * Byte-identical to ts-proto's encoding; an unrecognized type goes through ts-proto.
 */
export function encodeWatchEvent(ev: WatchEvent): Buffer {
  if (ev.type < 0 || !fitsVarint(ev.revision)) return Buffer.from(WatchEvent.encode(ev).finish());
  // Each item starts with ListResponse's tag 1 and a length, as the event's fields 2 and 3 do: the event writes
  // the item and puts its own tag in place of the first byte.
  const size =
    (ev.type !== 0 ? 1 + varintLength(ev.type) : 0) +
    (ev.kv ? listItemLength(ev.kv) : 0) +
    (ev.prevKv ? listItemLength(ev.prevKv) : 0) +
    (ev.revision !== 0 ? 1 + varintLength(ev.revision) : 0) +
    (ev.initialEventsEnd ? 2 : 0);
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  if (ev.type !== 0) {
    out[pos++] = TAG_EVENT_TYPE;
    pos = writeVarint(out, pos, ev.type);
  }
  if (ev.kv) {
    const start = pos;
    pos = writeListItem(ev.kv, out, pos);
    out[start] = TAG_EVENT_KV;
  }
  if (ev.prevKv) {
    const start = pos;
    pos = writeListItem(ev.prevKv, out, pos);
    out[start] = TAG_EVENT_PREV_KV;
  }
  if (ev.revision !== 0) {
    out[pos++] = TAG_EVENT_REVISION;
    pos = writeVarint(out, pos, ev.revision);
  }
  if (ev.initialEventsEnd) {
    out[pos++] = TAG_EVENT_INITIAL_END;
    out[pos++] = 1;
  }
  return out;
}

/** The Storage service definition with List, ListStream and Watch responses serialized from pre-encoded key-values. */
export const fastStorageService = {
  ...StorageService,
  list: { ...StorageService.list, responseSerialize: encodeListResponse },
  listStream: { ...StorageService.listStream, responseSerialize: encodeListResponse },
  watch: { ...StorageService.watch, responseSerialize: encodeWatchEvent },
} satisfies typeof StorageService;
