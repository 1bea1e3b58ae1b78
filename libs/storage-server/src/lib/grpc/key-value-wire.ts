import { canonicalJsonMetaClose } from '@strata/apimachinery';
import type { KeyValue } from '@strata/storage';

// Protobuf wire tags (field number << 3 | wire type) of strata.storage.v1.KeyValue and of the messages carrying it.
const TAG_KEY = 0x0a; // KeyValue.key = 1, length-delimited
const TAG_VALUE = 0x12; // KeyValue.value = 2, length-delimited
const TAG_CREATE_REVISION = 0x18; // KeyValue.create_revision = 3, varint
const TAG_MOD_REVISION = 0x20; // KeyValue.mod_revision = 4, varint
const TAG_JSON_META_CLOSE = 0x28; // KeyValue.json_meta_close = 5, optional uint32 varint
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

/** Reads the varint (a safe integer, as {@link writeVarint} writes them) at `pos`. */
function readVarint(buf: Uint8Array, pos: number): number {
  let n = 0;
  let scale = 1;
  for (;;) {
    const b = buf[pos++] as number;
    n += (b & 0x7f) * scale;
    if (b < 0x80) return n;
    scale *= 128;
  }
}

/** The position after the varint at `pos`. */
function skipVarint(buf: Uint8Array, pos: number): number {
  while ((buf[pos++] as number) >= 0x80);
  return pos;
}

function checkRevision(n: number, what: string): void {
  // int64 revisions are never negative in etcd; a negative one would need 10-byte two's complement varints.
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} ${n} is not a non-negative safe integer`);
}

interface ItemLayout {
  readonly itemLength: number;
  readonly body: number;
  readonly keyLength: number;
  /** KeyValue.json_meta_close, written unless undefined (as ts-proto writes an optional field). */
  readonly jsonMetaClose: number | undefined;
}

/**
 * Sizes of `kv`'s ListResponse.kvs item carrying `jsonMetaClose` (the key-value's own, or the cache's); throws
 * RangeError for a negative or unsafe revision or a jsonMetaClose that is not a uint32.
 */
function itemLayout(kv: KeyValue, jsonMetaClose: number | undefined): ItemLayout {
  checkRevision(kv.createRevision, 'createRevision');
  checkRevision(kv.modRevision, 'modRevision');
  // A uint32 field; ts-proto would write a larger or fractional number truncated, and no value is 4 GiB.
  if (jsonMetaClose !== undefined && !(Number.isInteger(jsonMetaClose) && jsonMetaClose >= 0 && jsonMetaClose < 2 ** 32)) {
    throw new RangeError(`jsonMetaClose ${jsonMetaClose} is not a uint32`);
  }
  const keyLength = Buffer.byteLength(kv.key, 'utf8');
  const valueLength = kv.value.byteLength;
  let body = 0;
  if (keyLength > 0) body += 1 + varintLength(keyLength) + keyLength;
  if (valueLength > 0) body += 1 + varintLength(valueLength) + valueLength;
  if (kv.createRevision !== 0) body += 1 + varintLength(kv.createRevision);
  if (kv.modRevision !== 0) body += 1 + varintLength(kv.modRevision);
  if (jsonMetaClose !== undefined) body += 1 + varintLength(jsonMetaClose);
  return { itemLength: 1 + varintLength(body) + body, body, keyLength, jsonMetaClose };
}

/** Writes `kv`'s item at `start` of `out` (which has room for it); returns where the value starts. */
function writeItem(kv: KeyValue, layout: ItemLayout, out: Buffer, start: number): number {
  const valueLength = kv.value.byteLength;
  out[start] = TAG_LIST_KVS;
  let pos = writeVarint(out, start + 1, layout.body);
  if (layout.keyLength > 0) {
    out[pos++] = TAG_KEY;
    pos = writeVarint(out, pos, layout.keyLength);
    pos += out.write(kv.key, pos, 'utf8');
  }
  let valueOffset = pos;
  if (valueLength > 0) {
    out[pos++] = TAG_VALUE;
    pos = writeVarint(out, pos, valueLength);
    valueOffset = pos;
    out.set(kv.value, pos);
    pos += valueLength;
  }
  if (kv.createRevision !== 0) {
    out[pos++] = TAG_CREATE_REVISION;
    pos = writeVarint(out, pos, kv.createRevision);
  }
  if (kv.modRevision !== 0) {
    out[pos++] = TAG_MOD_REVISION;
    pos = writeVarint(out, pos, kv.modRevision);
  }
  if (layout.jsonMetaClose !== undefined) {
    out[pos++] = TAG_JSON_META_CLOSE;
    writeVarint(out, pos, layout.jsonMetaClose);
  }
  return valueOffset;
}

/**
 * Encodes `kv` as one ListResponse.kvs item: tag 1, length, then the KeyValue message exactly as ts-proto writes
 * it (fields in order, proto3 defaults omitted). Returns the bytes and where the value sits inside them.
 * Throws RangeError for a negative or unsafe revision.
 */
export function encodeKeyValueItem(kv: KeyValue): { bytes: Buffer; valueOffset: number } {
  const layout = itemLayout(kv, kv.jsonMetaClose);
  const bytes = Buffer.allocUnsafe(layout.itemLength);
  return { bytes, valueOffset: writeItem(kv, layout, bytes, 0) };
}

/**
 * Where encoded items are stored: `allocate` returns a buffer and an offset with `length` writable bytes that
 * nobody else writes to. The cache passes a slab allocator (many items per buffer); the default gives each item
 * its own buffer.
 */
export type ItemAllocator = (length: number) => { readonly bytes: Buffer; readonly offset: number };

/** A buffer of the item's own (the default: outside any slab). */
export const ownBuffer: ItemAllocator = (length) => ({ bytes: Buffer.allocUnsafe(length), offset: 0 });

/**
 * A cached key-value whose wire bytes are encoded once, when it enters the cache (kube's cacher serializes an
 * object once per encoding and reuses it for every list and watcher), with where its JSON metadata closes when the
 * value is canonical JSON (json_meta_close: found by one scan per write here instead of one per object per LIST in
 * the apiserver; a few bytes in the item, nothing in this object). The value is held only inside those bytes:
 * `value` and `listItem` are views made when asked for, so an idle cached object costs its encoded bytes plus
 * this one small object. The bytes never change; {@link relocate} may move them to another buffer (a copy of the
 * same bytes), and a view handed out before stays valid because the old buffer is never written again.
 */
export class EncodedKeyValue implements KeyValue {
  readonly key: string;
  readonly createRevision: number;
  readonly modRevision: number;
  // ES private: invisible to spreads and deep equality. Small integers, so every instance keeps one hidden class.
  #bytes: Buffer;
  #offset: number;
  readonly #length: number;
  /** Value start, relative to the item's start. */
  readonly #valueStart: number;
  readonly #valueLength: number;

  /**
   * Copies `kv` into its own encoded bytes placed by `allocate` (the source's buffer, e.g. a whole etcd response,
   * can be freed), with its jsonMetaClose found now (whatever `kv` says: these are the bytes every LIST trusts).
   * Throws RangeError for a negative or unsafe revision.
   */
  constructor(kv: KeyValue, allocate: ItemAllocator = ownBuffer) {
    const layout = itemLayout(kv, canonicalJsonMetaClose(kv.value) || undefined);
    const { bytes, offset } = allocate(layout.itemLength);
    const valueOffset = writeItem(kv, layout, bytes, offset);
    this.key = kv.key;
    this.createRevision = kv.createRevision;
    this.modRevision = kv.modRevision;
    this.#bytes = bytes;
    this.#offset = offset;
    this.#length = layout.itemLength;
    this.#valueStart = valueOffset - offset;
    this.#valueLength = kv.value.byteLength;
  }

  /** The value: a new view into the encoded bytes on every call; never to be written to. */
  get value(): Buffer {
    const start = this.#offset + this.#valueStart;
    return this.#bytes.subarray(start, start + this.#valueLength);
  }

  /** Where the value's JSON metadata closes (see KeyValue.jsonMetaClose), read back from the item's last field. */
  get jsonMetaClose(): number | undefined {
    const bytes = this.#bytes;
    const end = this.#offset + this.#length;
    let pos = this.#offset + this.#valueStart + this.#valueLength;
    // After the value come create_revision and mod_revision (each unless 0), then json_meta_close (when known).
    if (pos < end && bytes[pos] === TAG_CREATE_REVISION) pos = skipVarint(bytes, pos + 1);
    if (pos < end && bytes[pos] === TAG_MOD_REVISION) pos = skipVarint(bytes, pos + 1);
    if (pos >= end || bytes[pos] !== TAG_JSON_META_CLOSE) return undefined;
    return readVarint(bytes, pos + 1);
  }

  /** The value decoded as UTF-8, without making a view. */
  valueUtf8(): string {
    const start = this.#offset + this.#valueStart;
    return this.#bytes.toString('utf8', start, start + this.#valueLength);
  }

  /** The ListResponse.kvs item (tag 1, length, KeyValue message): a new view, never to be written to. */
  get listItem(): Buffer {
    return this.#bytes.subarray(this.#offset, this.#offset + this.#length);
  }

  /** Bytes of the ListResponse.kvs item. */
  get itemLength(): number {
    return this.#length;
  }

  /** The buffer holding the item now (the cache's slab accounting keys on it). */
  get backing(): Buffer {
    return this.#bytes;
  }

  /** Copies the item into `out` at `pos`; returns the position after it. */
  copyItem(out: Uint8Array, pos: number): number {
    return pos + this.#bytes.copy(out, pos, this.#offset, this.#offset + this.#length);
  }

  /**
   * Copies the item to a place from `allocate` and reads it from there from now on. The old bytes are left as
   * they are, so views taken before stay valid (and keep the old buffer alive until they are dropped).
   */
  relocate(allocate: ItemAllocator): void {
    const { bytes, offset } = allocate(this.#length);
    this.copyItem(bytes, offset);
    this.#bytes = bytes;
    this.#offset = offset;
  }
}

/** Bytes of `kv`'s ListResponse.kvs item (see {@link writeListItem}). Throws RangeError like encodeKeyValueItem. */
export function listItemLength(kv: KeyValue): number {
  return kv instanceof EncodedKeyValue ? kv.itemLength : itemLayout(kv, kv.jsonMetaClose).itemLength;
}

/**
 * Writes `kv`'s ListResponse.kvs item into `out` at `pos` (room for {@link listItemLength} bytes); returns the
 * position after it. A cached key-value is copied straight from its bytes, without making a view.
 */
export function writeListItem(kv: KeyValue, out: Buffer, pos: number): number {
  if (kv instanceof EncodedKeyValue) return kv.copyItem(out, pos);
  const layout = itemLayout(kv, kv.jsonMetaClose);
  writeItem(kv, layout, out, pos);
  return pos + layout.itemLength;
}
