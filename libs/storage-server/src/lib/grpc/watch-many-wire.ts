import { WatchEnd, WatchManyResponse, type StorageService } from '@strata/proto';
import { varintLength, writeVarint } from './key-value-wire';
import { encodeWatchEvent, fastStorageService } from './storage-wire';

const TAG_RESPONSE_EVENTS = 0x0a; // WatchManyResponse.events = 1, length-delimited
const TAG_RESPONSE_ENDS = 0x12; // WatchManyResponse.ends = 2, length-delimited
const TAG_TAGGED_WATCH_ID = 0x08; // TaggedWatchEvent.watch_id = 1, varint
const TAG_TAGGED_EVENT = 0x12; // TaggedWatchEvent.event = 2, length-delimited

/**
 * Serializes a WatchManyResponse with each event encoded by encodeWatchEvent (the cached bytes of its key-values
 * are reused, as on Watch). Byte-identical to ts-proto's encoding; ids it cannot write as plain varints
 * (negative) go through ts-proto.
 */
export function encodeWatchManyResponse(res: WatchManyResponse): Buffer {
  if (res.events.some((e) => !Number.isSafeInteger(e.watchId) || e.watchId < 0)) return Buffer.from(WatchManyResponse.encode(res).finish());
  const parts: Buffer[] = [];
  let total = 0;
  for (const tagged of res.events) {
    const event = tagged.event ? encodeWatchEvent(tagged.event) : undefined;
    const inner =
      (tagged.watchId !== 0 ? 1 + varintLength(tagged.watchId) : 0) + (event ? 1 + varintLength(event.length) + event.length : 0);
    const head = Buffer.allocUnsafe(1 + varintLength(inner) + inner - (event ? event.length : 0));
    let pos = 0;
    head[pos++] = TAG_RESPONSE_EVENTS;
    pos = writeVarint(head, pos, inner);
    if (tagged.watchId !== 0) {
      head[pos++] = TAG_TAGGED_WATCH_ID;
      pos = writeVarint(head, pos, tagged.watchId);
    }
    if (event) {
      head[pos++] = TAG_TAGGED_EVENT;
      writeVarint(head, pos, event.length);
    }
    parts.push(head);
    total += head.length;
    if (event) {
      parts.push(event);
      total += event.length;
    }
  }
  for (const end of res.ends) {
    const body = WatchEnd.encode(end).finish();
    const head = Buffer.allocUnsafe(1 + varintLength(body.length));
    head[0] = TAG_RESPONSE_ENDS;
    writeVarint(head, 1, body.length);
    parts.push(head, Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    total += head.length + body.length;
  }
  return Buffer.concat(parts, total);
}

/** The service definition the server registers: storage-wire's fast serializers plus WatchMany's. */
export const storageServiceDefinition = {
  ...fastStorageService,
  watchMany: { ...fastStorageService.watchMany, responseSerialize: encodeWatchManyResponse },
} satisfies typeof StorageService;
