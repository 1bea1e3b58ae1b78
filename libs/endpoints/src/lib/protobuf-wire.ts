/** One protobuf field read from the wire: varints as numbers, length-delimited fields as bytes. */
export interface WireField {
  readonly field: number;
  readonly varint?: number;
  readonly bytes?: Buffer;
}

/**
 * Splits a protobuf message into its fields (wire types 0, 1, 2 and 5; 64-bit and 32-bit values are skipped).
 * Throws on truncated input or groups, which Kubernetes messages never use.
 */
export function readWireFields(buf: Buffer): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (pos >= buf.length) throw new Error('unexpected EOF in varint');
      const b = buf[pos++];
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
      if (mul > 2 ** 63) throw new Error('varint overflow');
    }
  };
  while (pos < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) out.push({ field, varint: varint() });
    else if (wire === 2) {
      const len = varint();
      if (pos + len > buf.length) throw new Error('unexpected EOF in bytes');
      out.push({ field, bytes: buf.subarray(pos, pos + len) });
      pos += len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
    if (pos > buf.length) throw new Error('unexpected EOF');
  }
  return out;
}

/** The string of a length-delimited field. */
export function wireString(f: WireField): string {
  return (f.bytes ?? Buffer.alloc(0)).toString('utf8');
}

/** Decodes a protobuf map entry (key = field 1, value = field 2) with string keys. */
export function wireMapEntry(f: WireField): [string, Buffer] {
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  for (const e of readWireFields(f.bytes ?? Buffer.alloc(0))) {
    if (e.field === 1) key = wireString(e);
    else if (e.field === 2) value = e.bytes ?? Buffer.alloc(0);
  }
  return [key, value];
}
