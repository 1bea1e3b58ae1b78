import type { KeyValue } from '@strata/storage';

// Protobuf wire tags (field number << 3 | wire type) of strata.storage.v1.KeyValue and of the messages carrying it.
const TAG_KEY = 0x0a; // KeyValue.key = 1, length-delimited
const TAG_VALUE = 0x12; // KeyValue.value = 2, length-delimited
const TAG_CREATE_REVISION = 0x18; // KeyValue.create_revision = 3, varint
const TAG_MOD_REVISION = 0x20; // KeyValue.mod_revision = 4, varint
/** ListResponse.kvs = 1 (length-delimited): the tag every pre-encoded item starts with. */
export const TAG_LIST_KVS = 0x0a;

/** Bytes of a varint holding the non-negative safe integer `n`. */
export function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/** Writes `n` (a non-negative safe integer) as a varint at `pos`; returns the position after it. */
export function writeVarint(buf: Uint8Array, pos: number, n: number): number {
  while (n >= 0x80) {
    buf[pos++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[pos++] = n;
  return pos;
}

function checkRevision(n: number, what: string): void {
  // int64 revisions are never negative in etcd; a negative one would need 10-byte two's complement varints.
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} ${n} is not a non-negative safe integer`);
}

/**
 * Encodes `kv` as one ListResponse.kvs item: tag 1, length, then the KeyValue message exactly as ts-proto writes
 * it (fields in order, proto3 defaults omitted). Returns the bytes and where the value sits inside them.
 * Throws RangeError for a negative or unsafe revision.
 */
export function encodeKeyValueItem(kv: KeyValue): { bytes: Buffer; valueOffset: number } {
  checkRevision(kv.createRevision, 'createRevision');
  checkRevision(kv.modRevision, 'modRevision');
  const keyLength = Buffer.byteLength(kv.key, 'utf8');
  const valueLength = kv.value.byteLength;
  let body = 0;
  if (keyLength > 0) body += 1 + varintLength(keyLength) + keyLength;
  if (valueLength > 0) body += 1 + varintLength(valueLength) + valueLength;
  if (kv.createRevision !== 0) body += 1 + varintLength(kv.createRevision);
  if (kv.modRevision !== 0) body += 1 + varintLength(kv.modRevision);
  const bytes = Buffer.allocUnsafe(1 + varintLength(body) + body);
  bytes[0] = TAG_LIST_KVS;
  let pos = writeVarint(bytes, 1, body);
  if (keyLength > 0) {
    bytes[pos++] = TAG_KEY;
    pos = writeVarint(bytes, pos, keyLength);
    pos += bytes.write(kv.key, pos, 'utf8');
  }
  let valueOffset = pos;
  if (valueLength > 0) {
    bytes[pos++] = TAG_VALUE;
    pos = writeVarint(bytes, pos, valueLength);
    valueOffset = pos;
    bytes.set(kv.value, pos);
    pos += valueLength;
  }
  if (kv.createRevision !== 0) {
    bytes[pos++] = TAG_CREATE_REVISION;
    pos = writeVarint(bytes, pos, kv.createRevision);
  }
  if (kv.modRevision !== 0) {
    bytes[pos++] = TAG_MOD_REVISION;
    pos = writeVarint(bytes, pos, kv.modRevision);
  }
  return { bytes, valueOffset };
}

/**
 * A cached key-value whose wire bytes are encoded once, when it enters the cache (kube's cacher serializes an
 * object once per encoding and reuses it for every list and watcher). `value` is a view into those bytes, so
 * the object's bytes are held once. Immutable: the cache replaces an entry, it never edits one.
 */
export class EncodedKeyValue implements KeyValue {
  readonly key: string;
  readonly value: Buffer;
  readonly createRevision: number;
  readonly modRevision: number;
  // ES private: invisible to spreads and deep equality, so it behaves as a plain KeyValue everywhere else.
  readonly #item: Buffer;

  /** Copies `kv` into its own encoded bytes (the source's buffer, e.g. a whole etcd response, can be freed). */
  constructor(kv: KeyValue) {
    const { bytes, valueOffset } = encodeKeyValueItem(kv);
    this.key = kv.key;
    this.value = bytes.subarray(valueOffset, valueOffset + kv.value.byteLength);
    this.createRevision = kv.createRevision;
    this.modRevision = kv.modRevision;
    this.#item = bytes;
  }

  /** The ListResponse.kvs item (tag 1, length, KeyValue message); shared, never to be written to. */
  get listItem(): Buffer {
    return this.#item;
  }
}

/** Wraps `kv` for the cache; an already wrapped one is returned as is. Throws RangeError like encodeKeyValueItem. */
export function encodedKeyValue(kv: KeyValue): EncodedKeyValue {
  return kv instanceof EncodedKeyValue ? kv : new EncodedKeyValue(kv);
}

/** The ListResponse.kvs item of `kv`: its cached bytes when it has them, else freshly encoded. */
export function listItemBytes(kv: KeyValue): Buffer {
  return kv instanceof EncodedKeyValue ? kv.listItem : encodeKeyValueItem(kv).bytes;
}
