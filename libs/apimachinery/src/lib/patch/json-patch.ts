import { applyPatch, validate } from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { JsonValue } from './merge-patch';

/** kube's limit on the number of operations of one JSON patch. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** Why a JSON patch was refused: `decode` for a malformed patch (kube: 400), `apply` for one that failed (422). */
export class JsonPatchError extends Error {
  constructor(
    readonly phase: 'decode' | 'apply' | 'too-large',
    message: string,
  ) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

/** Parses and checks the shape of an RFC 6902 patch document; throws JsonPatchError('decode' | 'too-large'). */
export function decodeJsonPatch(body: string): Operation[] {
  let ops: unknown;
  try {
    ops = JSON.parse(body);
  } catch (err) {
    throw new JsonPatchError('decode', `error decoding patch: ${(err as Error).message}`);
  }
  if (!Array.isArray(ops)) {
    throw new JsonPatchError('decode', 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new JsonPatchError('too-large', `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`);
  }
  return ops as Operation[];
}

/**
 * Applies RFC 6902 operations (add, remove, replace, move, copy, test) to a copy of `doc`. Throws
 * JsonPatchError('apply') when an operation is malformed, a path does not exist or a `test` fails.
 */
export function applyJsonPatch(doc: JsonValue, ops: readonly Operation[]): JsonValue {
  const copy = structuredClone(doc);
  const invalid = validate(ops as Operation[], copy);
  if (invalid) throw new JsonPatchError('apply', invalid.message.split('\n')[0]);
  try {
    return applyPatch(copy, ops as Operation[], false, true).newDocument as JsonValue;
  } catch (err) {
    throw new JsonPatchError('apply', (err as Error).message.split('\n')[0]);
  }
}
