// Test-only protobuf encoding (the server only decodes): builds the bodies kubectl sends.

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}

/** A length-delimited field. */
export function protoBytes(field: number, value: Buffer): Buffer {
  return Buffer.concat([varint(field * 8 + 2), varint(value.length), value]);
}

/** A string field. */
export function protoString(field: number, value: string): Buffer {
  return protoBytes(field, Buffer.from(value, 'utf8'));
}

/** A varint field (ints and bools). */
export function protoVarint(field: number, value: number): Buffer {
  return Buffer.concat([varint(field * 8), varint(value)]);
}

/** One entry of a map<string, string|bytes> field. */
export function protoMapEntry(field: number, key: string, value: Buffer): Buffer {
  return protoBytes(field, Buffer.concat([protoString(1, key), protoBytes(2, value)]));
}

/** kube's envelope: `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
export function encodeProtobufEnvelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = Buffer.concat([protoString(1, apiVersion), protoString(2, kind)]);
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), protoBytes(1, typeMeta), protoBytes(2, raw)]);
}
