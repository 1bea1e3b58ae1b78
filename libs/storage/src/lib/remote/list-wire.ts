import { ListResponse, type KeyValue } from '@strata/proto';

/** Thrown for bytes that are not a well-formed message; the caller falls back to the generic decoder. */
class WireError extends Error {}

/** A forward-only protobuf reader over one message, for the handful of field shapes the List response has. */
class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    pos: number,
    readonly end: number,
  ) {
    this.pos = pos;
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError('truncated varint');
      const b = this.buf[this.pos++] as number;
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        // Beyond 2^53 (or a negative int64, 10 bytes) a JS number cannot hold the value exactly.
        if (!Number.isSafeInteger(result)) throw new WireError('varint out of the safe integer range');
        return result;
      }
      scale *= 128;
    }
    throw new WireError('varint too long');
  }

  /** Start and end of a length-delimited field's payload (the reader moves past it). */
  delimited(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    if (len > this.end - start) throw new WireError('truncated field');
    this.pos = start + len;
    return [start, this.pos];
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.delimited();
    else if (wireType === 5) this.pos += 4;
    else throw new WireError(`unsupported wire type ${wireType}`);
    if (this.pos > this.end) throw new WireError('truncated field');
  }
}

function decodeKeyValue(buf: Buffer, start: number, end: number): KeyValue {
  const r = new Reader(buf, start, end);
  const kv: KeyValue = { key: '', value: emptyValue, createRevision: 0, modRevision: 0, jsonMetaClose: undefined };
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) {
      const [s, e] = r.delimited();
      kv.key = buf.toString('utf8', s, e);
    } else if (tag === 0x12) {
      const [s, e] = r.delimited();
      kv.value = buf.subarray(s, e);
    } else if (tag === 0x18) kv.createRevision = r.varint();
    else if (tag === 0x20) kv.modRevision = r.varint();
    else if (tag === 0x28) kv.jsonMetaClose = r.varint() % 2 ** 32; // uint32: ts-proto keeps the low 32 bits too
    else r.skip(tag & 7);
  }
  return kv;
}

const emptyValue = Buffer.alloc(0);

/**
 * Decodes a ListResponse without copying values: each `value` is a view into the received message (one buffer
 * per response, freed when no value of it is referenced any more; a caller keeping one object of a large list
 * for long should copy it). Same result as ts-proto's decoder, which it falls back to for anything unusual
 * (negative or unsafe int64s, malformed bytes — ts-proto then throws its own error).
 */
export function decodeListResponse(buf: Buffer): ListResponse {
  try {
    const r = new Reader(buf, 0, buf.length);
    const res: ListResponse = { kvs: [], revision: 0, continue: '', remainingItemCount: undefined };
    while (r.pos < buf.length) {
      const tag = r.varint();
      if (tag === 0x0a) {
        const [s, e] = r.delimited();
        res.kvs.push(decodeKeyValue(buf, s, e));
      } else if (tag === 0x10) res.revision = r.varint();
      else if (tag === 0x1a) {
        const [s, e] = r.delimited();
        res.continue = buf.toString('utf8', s, e);
      } else if (tag === 0x20) res.remainingItemCount = r.varint();
      else r.skip(tag & 7);
    }
    return res;
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
    return ListResponse.decode(buf);
  }
}
