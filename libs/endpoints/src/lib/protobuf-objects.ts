import type { KubeObject, ObjectMeta } from '@strata/apimachinery';
import { readWireFields, wireMapEntry, wireString } from './protobuf-wire';
import type { WireField } from './protobuf-wire';

/** The 4-byte prefix of kube's protobuf envelope (runtime.Unknown). */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** A decoder of one kind's protobuf message (k8s.io/api generated.proto) into its JSON form. */
type KindDecoder = (fields: WireField[], obj: Record<string, unknown>) => void;

function stringMap(fields: WireField[], field: number, encode: (b: Buffer) => string): Record<string, string> | undefined {
  const entries = fields.filter((f) => f.field === field).map(wireMapEntry);
  return entries.length > 0 ? Object.fromEntries(entries.map(([k, v]) => [k, encode(v)])) : undefined;
}

function decodeTime(b: Buffer): string {
  const f = readWireFields(b);
  const seconds = f.find((x) => x.field === 1)?.varint ?? 0;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ObjectMeta fields a client sends on writes; server-owned ones are reset by the store anyway.
function decodeObjectMeta(b: Buffer): ObjectMeta {
  const fields = readWireFields(b);
  const meta: ObjectMeta = {};
  // proto2 optionals arrive even when empty; JSON clients omit them, so do the same.
  for (const f of fields.filter((x) => !(x.bytes && x.bytes.length === 0))) {
    switch (f.field) {
      case 1: meta.name = wireString(f); break;
      case 2: meta.generateName = wireString(f); break;
      case 3: meta.namespace = wireString(f); break;
      case 5: meta.uid = wireString(f); break;
      case 6: meta.resourceVersion = wireString(f); break;
      case 7: meta.generation = f.varint; break;
      case 8: meta.creationTimestamp = decodeTime(f.bytes ?? Buffer.alloc(0)); break;
      case 14: (meta.finalizers ??= []).push(wireString(f)); break;
    }
  }
  const labels = stringMap(fields, 11, (v) => v.toString('utf8'));
  const annotations = stringMap(fields, 12, (v) => v.toString('utf8'));
  if (labels) meta.labels = labels;
  if (annotations) meta.annotations = annotations;
  return meta;
}

const KIND_DECODERS: Readonly<Record<string, KindDecoder>> = {
  ConfigMap(fields, obj) {
    const data = stringMap(fields, 2, (v) => v.toString('utf8'));
    const binaryData = stringMap(fields, 3, (v) => v.toString('base64'));
    if (data) obj['data'] = data;
    if (binaryData) obj['binaryData'] = binaryData;
    const immutable = fields.find((f) => f.field === 4);
    if (immutable) obj['immutable'] = immutable.varint === 1;
  },
  Namespace(fields, obj) {
    const spec = fields.find((f) => f.field === 2);
    if (spec) {
      const finalizers = readWireFields(spec.bytes ?? Buffer.alloc(0)).filter((f) => f.field === 1).map(wireString);
      obj['spec'] = finalizers.length > 0 ? { finalizers } : {};
    }
  },
};

/** True when a kind has a protobuf decoder. */
export function hasProtobufDecoder(kind: string): boolean {
  return kind in KIND_DECODERS;
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
  const decoder = KIND_DECODERS[kind];
  if (!decoder) throw new Error(`no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)}`);
  const fields = readWireFields(raw);
  const meta = fields.find((f) => f.field === 1);
  const obj: Record<string, unknown> = { apiVersion, kind, metadata: meta ? decodeObjectMeta(meta.bytes ?? Buffer.alloc(0)) : {} };
  decoder(fields, obj);
  return obj as KubeObject;
}
