import { newBadRequest, newUnsupportedMediaType } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import type { ResourceDefinition } from '@strata/registry';
import { apiVersionOf } from '@strata/registry';
import { parse as parseYaml } from 'yaml';
import { decodeProtobufObject } from './protobuf-objects';

/** Media types a write body may have (an absent Content-Type means JSON, as in kube). */
export const SUPPORTED_BODY_TYPES: readonly string[] = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** metav1.FieldValidation: what to do with unknown fields. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers',
  'managedFields',
]);

/** The decoded object and the warnings to send as `Warning: 299 - "..."` headers. */
export interface DecodedObject {
  readonly object: KubeObject;
  readonly warnings: string[];
}

/** Parses the fieldValidation query parameter (default Warn); 400 for anything else. */
export function parseFieldValidation(v: unknown): FieldValidation {
  if (v === undefined || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw newBadRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict"; got ${JSON.stringify(String(v))}`);
}

// kube's summarizeData: the start of the body, as text when it looks like JSON, hex otherwise.
function summarize(body: Buffer): string {
  if (body.length === 0) return '<empty>';
  const head = body.subarray(0, 30);
  const more = body.length > 30 ? ' ...' : '';
  return body[0] === 0x7b ? head.toString('utf8') + more : head.toString('hex') + more;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function parseBody(body: Buffer, type: string, kind: string): unknown {
  try {
    if (type === 'application/vnd.kubernetes.protobuf') return decodeProtobufObject(body);
    return type === 'application/yaml' ? parseYaml(body.toString('utf8')) : JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw newBadRequest(
      `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${(err as Error).message} (${summarize(body)})`,
    );
  }
}

/** Removes unknown fields (as decoding into kube's typed structs does) and returns their paths. */
function dropUnknownFields(obj: Record<string, unknown>, def: ResourceDefinition): string[] {
  const known = new Set(['apiVersion', 'kind', 'metadata', ...def.topLevelFields]);
  const unknown: string[] = [];
  for (const k of Object.keys(obj)) {
    if (!known.has(k)) {
      unknown.push(k);
      delete obj[k];
    }
  }
  const meta = obj['metadata'];
  if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
    for (const k of Object.keys(meta)) {
      if (!OBJECT_META_FIELDS.has(k)) {
        unknown.push(`metadata.${k}`);
        delete (meta as Record<string, unknown>)[k];
      }
    }
  }
  return unknown;
}

/**
 * Decodes a write body for `def` like kube's create/update handlers: 415 for an unsupported Content-Type, 400 for
 * a body that does not parse, is not an object, or names another apiVersion/kind; unknown fields are dropped and,
 * with fieldValidation=Strict, rejected (400 `strict decoding error: unknown field "x"`), with Warn reported.
 */
export function decodeObject(
  body: Buffer,
  contentType: string | undefined,
  def: ResourceDefinition,
  validation: FieldValidation,
): DecodedObject {
  const type = mediaType(contentType) || 'application/json';
  if (!SUPPORTED_BODY_TYPES.includes(type)) throw newUnsupportedMediaType(type, SUPPORTED_BODY_TYPES);
  const { kind } = def.info;
  const parsed = parseBody(body, type, kind);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw newBadRequest(
      `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (${summarize(body)})`,
    );
  }
  const obj = parsed as Record<string, unknown>;
  const expected = apiVersionOf(def.info);
  const apiVersion = typeof obj['apiVersion'] === 'string' ? obj['apiVersion'] : '';
  const bodyKind = typeof obj['kind'] === 'string' ? obj['kind'] : '';
  if (bodyKind && bodyKind !== kind) {
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion || def.info.version;
    throw newBadRequest(
      `${bodyKind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: no kind ${JSON.stringify(bodyKind)} is registered for version ${JSON.stringify(apiVersion || expected)} in scheme "pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  if (apiVersion && apiVersion !== expected) {
    throw newBadRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${expected})`);
  }
  if (obj['metadata'] !== undefined && (obj['metadata'] === null || typeof obj['metadata'] !== 'object' || Array.isArray(obj['metadata']))) {
    throw newBadRequest(`${kind} in version ${JSON.stringify(def.info.version)} cannot be handled as a ${kind}: json: cannot unmarshal ${Array.isArray(obj['metadata']) ? 'array' : typeof obj['metadata']} into Go struct field ${kind}.metadata of type v1.ObjectMeta`);
  }
  const unknown = dropUnknownFields(obj, def);
  const messages = unknown.map((f) => `unknown field ${JSON.stringify(f)}`);
  if (messages.length > 0 && validation === 'Strict') {
    throw newBadRequest(`strict decoding error: ${messages.join(', ')}`);
  }
  obj['metadata'] = obj['metadata'] ?? {};
  return { object: obj as KubeObject, warnings: validation === 'Warn' ? messages : [] };
}

/** The value of one `Warning` header for `text` (RFC 7234 warn-code 299, like kube). */
export function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}
