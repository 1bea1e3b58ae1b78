import type { KubeObject } from '@strata/apimachinery';
import { PROTO_KINDS, PROTO_MESSAGES } from './protobuf-schemas';
import type { ProtoFieldType } from './protobuf-schemas';
import { readWireFields, wireMapEntry, wireString } from './protobuf-wire';
import type { WireField } from './protobuf-wire';

/** The 4-byte prefix of kube's protobuf envelope (runtime.Unknown). */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

function decodeTime(b: Buffer): string {
  const f = readWireFields(b);
  const seconds = f.find((x) => x.field === 1)?.varint ?? 0;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeValue(f: WireField, type: Exclude<ProtoFieldType, 'map<string,string>' | 'map<string,bytes>'>): unknown {
  const bytes = f.bytes ?? Buffer.alloc(0);
  switch (type) {
    case 'string':
      return wireString(f);
    case 'bool':
      return f.varint === 1;
    case 'int':
      return f.varint ?? 0;
    case 'bytes':
      return bytes.toString('base64');
    case 'time':
      return decodeTime(bytes);
    default:
      return decodeMessage(bytes, type.message);
  }
}

/**
 * Decodes one message by its table in protobuf-schemas.ts into its JSON form. Like Go's JSON of these types,
 * empty strings are omitted (proto2 optionals arrive even when empty) and empty messages stay `{}`; fields the
 * table does not list are skipped.
 */
function decodeMessage(buf: Buffer, messageName: string): Record<string, unknown> {
  const schema = PROTO_MESSAGES[messageName];
  if (!schema) throw new Error(`no protobuf schema for message ${messageName}`);
  const out: Record<string, unknown> = {};
  for (const f of readWireFields(buf)) {
    const spec = schema[f.field];
    if (!spec) continue;
    if (spec.type === 'map<string,string>' || spec.type === 'map<string,bytes>') {
      const [key, value] = wireMapEntry(f);
      const map = (out[spec.name] ??= {}) as Record<string, string>;
      map[key] = spec.type === 'map<string,bytes>' ? value.toString('base64') : value.toString('utf8');
      continue;
    }
    const value = decodeValue(f, spec.type);
    if (spec.repeated) ((out[spec.name] ??= []) as unknown[]).push(value);
    else if (value !== '') out[spec.name] = value;
  }
  return out;
}

/** True when a kind has a protobuf decoder. */
export function hasProtobufDecoder(kind: string): boolean {
  return PROTO_KINDS.has(kind);
}

/**
 * Decodes kube's protobuf envelope (`k8s\0` + runtime.Unknown{typeMeta, raw}) of a kind this server knows into
 * the object's JSON form. Throws Error with a reason on anything else.
 */
export function decodeProtobufObject(body: Buffer): KubeObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(PROTOBUF_MAGIC)) {
    throw new Error('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  for (const f of readWireFields(body.subarray(4))) {
    if (f.field === 1) {
      for (const t of readWireFields(f.bytes ?? Buffer.alloc(0))) {
        if (t.field === 1) apiVersion = wireString(t);
        else if (t.field === 2) kind = wireString(t);
      }
    } else if (f.field === 2) raw = f.bytes ?? Buffer.alloc(0);
  }
  if (!PROTO_KINDS.has(kind)) {
    throw new Error(`no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)}`);
  }
  const obj = decodeMessage(raw, kind);
  return { ...obj, apiVersion, kind, metadata: obj['metadata'] ?? {} } as KubeObject;
}
