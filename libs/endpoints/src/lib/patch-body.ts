import {
  StatusError,
  StrategicMergePatchError,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  decodeJsonPatch,
  invalid,
  isJsonObject,
  newBadRequest,
  newInvalid,
  newRequestEntityTooLarge,
} from '@strata/apimachinery';
import type { JsonPatchError, JsonValue, KubeObject, PatchMeta } from '@strata/apimachinery';
import type { ResourceDefinition } from '@strata/registry';
import type { Operation } from 'fast-json-patch';
import { parse as parseYaml } from 'yaml';
import type { FieldValidation } from './decode-object';
import { decodeObject } from './decode-object';

/** The patch media types kube-apiserver accepts, in its order. */
export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** A parsed PATCH body of one of the four types. */
export type ParsedPatch =
  | { readonly type: typeof JSON_PATCH; readonly ops: Operation[] }
  | { readonly type: typeof MERGE_PATCH | typeof STRATEGIC_MERGE_PATCH | typeof APPLY_PATCH; readonly doc: Record<string, JsonValue> };

// kube's NewGenericServerResponse(422): the reason a patch failed is not echoed.
function patchRejected(): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid',
    details: {},
    code: 422,
  });
}

/** Parses a PATCH body; 400 when it is not the JSON (or YAML) document its type needs, 413 for huge JSON patches. */
export function parsePatch(type: ParsedPatch['type'], body: Buffer): ParsedPatch {
  const text = body.toString('utf8');
  if (type === JSON_PATCH) {
    try {
      return { type, ops: decodeJsonPatch(text) };
    } catch (err) {
      const e = err as JsonPatchError;
      throw e.phase === 'too-large' ? newRequestEntityTooLarge(e.message) : newBadRequest(e.message);
    }
  }
  let doc: unknown;
  try {
    doc = type === APPLY_PATCH ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw newBadRequest(type === APPLY_PATCH ? `error decoding YAML: ${(err as Error).message}` : `error decoding patch: ${(err as Error).message}`);
  }
  if (!isJsonObject(doc)) {
    const what = Array.isArray(doc) ? 'array' : doc === null ? 'null' : typeof doc;
    throw newBadRequest(
      type === APPLY_PATCH
        ? `error decoding YAML: error unmarshaling JSON: json: cannot unmarshal ${what} into Go value of type map[string]interface {}`
        : `error decoding patch: json: cannot unmarshal ${what} into Go value of type map[string]interface {}`,
    );
  }
  return { type, doc };
}

/**
 * Applies a JSON, merge or strategic merge patch to `current` (422 for a JSON patch that fails, kube's 400/422 for
 * bad strategic directives). Apply patches are not handled here.
 */
export function applyPatchDocument(current: KubeObject, patch: ParsedPatch, meta: PatchMeta): JsonValue {
  const doc = current as unknown as Record<string, JsonValue>;
  if (patch.type === JSON_PATCH) {
    try {
      return applyJsonPatch(doc, patch.ops);
    } catch {
      throw patchRejected();
    }
  }
  if (patch.type === MERGE_PATCH) return applyMergePatch(doc, patch.doc);
  try {
    return applyStrategicMergePatch(doc, patch.doc, meta);
  } catch (err) {
    if (!(err instanceof StrategicMergePatchError)) throw err;
    if (err.badRequest) throw newBadRequest(err.message);
    throw patchRejected();
  }
}

/**
 * Turns a patched document back into an object of `def` like kube's patchers: unknown fields dropped (reported as
 * warnings, or with fieldValidation=Strict a 422 Invalid on `patch`), wrong kinds/versions refused.
 */
export function decodePatched(patched: JsonValue, def: ResourceDefinition, validation: FieldValidation): { object: KubeObject; warnings: string[] } {
  const body = Buffer.from(JSON.stringify(patched));
  if (!isJsonObject(patched)) {
    throw newInvalid({ group: '', kind: '' }, '', [invalid('patch', body.toString('utf8'), 'json: cannot unmarshal non-object into Go value of type map[string]interface {}')]);
  }
  const { object, warnings } = decodeObject(body, 'application/json', def, validation === 'Strict' ? 'Warn' : validation);
  if (validation === 'Strict' && warnings.length > 0) {
    throw newInvalid({ group: '', kind: '' }, '', [invalid('patch', body.toString('utf8'), `strict decoding error: ${warnings.join(', ')}`)]);
  }
  return { object, warnings };
}
