import type { KubeObject } from '@strata/apimachinery';
import type { KeyValue } from '@strata/storage';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Encodes an object for storage: JSON without metadata.resourceVersion, which is never stored because it is the
 * key's modRevision (kube's etcd3 store clears it too, so a value never claims a revision it was not written at).
 */
export function encodeObject(obj: KubeObject): Uint8Array {
  const { resourceVersion: _rv, ...metadata } = obj.metadata ?? {};
  return encoder.encode(JSON.stringify({ ...obj, metadata }));
}

/**
 * Decodes a stored value and stamps metadata.resourceVersion with the key's modRevision (for a deleted key:
 * the delete revision). Throws on bytes that are not a JSON object (corrupt storage, answered as 500).
 */
export function decodeObject(kv: KeyValue): KubeObject {
  const obj = JSON.parse(decoder.decode(kv.value)) as KubeObject;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new Error(`stored value of ${kv.key} is not a JSON object`);
  }
  obj.metadata = { ...(obj.metadata ?? {}), resourceVersion: String(kv.modRevision) };
  return obj;
}
