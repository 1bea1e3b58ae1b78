import type { GroupVersionKind, OpenAPISchema } from './schema-types';
import { SCHEMA_REF_PREFIX } from './schema-types';

// Small constructors so the per-group-version tables read like kube's Go types: one line per field.

/** Fully qualified schema name of a meta/v1 type, e.g. `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`. */
export const META = (name: string): string => `io.k8s.apimachinery.pkg.apis.meta.v1.${name}`;

const API_CONVENTIONS = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';

/** A string field. */
export function str(description: string, extra: Partial<OpenAPISchema> = {}): OpenAPISchema {
  return { type: 'string', description, ...extra };
}

/** A string field restricted to `values` (kube publishes these as `enum` with the values listed in the text). */
export function strEnum(description: string, values: readonly string[]): OpenAPISchema {
  return { type: 'string', description, enum: values };
}

/** An int32 field. */
export function int32(description: string): OpenAPISchema {
  return { type: 'integer', format: 'int32', description };
}

/** An int64 field. */
export function int64(description: string): OpenAPISchema {
  return { type: 'integer', format: 'int64', description };
}

/** A boolean field. */
export function bool(description: string): OpenAPISchema {
  return { type: 'boolean', description };
}

/** A map of strings (labels, annotations, ConfigMap data); `format` "byte" for base64 values. */
export function stringMap(description: string, format?: string): OpenAPISchema {
  const value: OpenAPISchema = format ? { type: 'string', format } : { type: 'string', default: '' };
  return { type: 'object', additionalProperties: value, description };
}

/** A `$ref` to a named schema (how kube writes array items). */
export function refTo(name: string): OpenAPISchema {
  return { $ref: `${SCHEMA_REF_PREFIX}${name}` };
}

/** A field of a named struct type: `allOf: [$ref]` so the field can carry its own description, like kube's v3. */
export function ref(name: string, description: string, extra: Partial<OpenAPISchema> = {}): OpenAPISchema {
  return { allOf: [refTo(name)], description, ...extra };
}

/** A list of strings; `listType` as kube declares it (`+listType`). */
export function stringList(description: string, listType: 'atomic' | 'set' = 'atomic', extra: Partial<OpenAPISchema> = {}): OpenAPISchema {
  return { type: 'array', items: { type: 'string', default: '' }, description, 'x-kubernetes-list-type': listType, ...extra };
}

/** A list of a named struct type. */
export function refList(name: string, description: string, extra: Partial<OpenAPISchema> = {}): OpenAPISchema {
  return { type: 'array', items: { allOf: [refTo(name)], default: {} }, description, ...extra };
}

/** A list whose items merge by `key` in strategic merge patch and server-side apply (`+listType=map`). */
export function mergeList(name: string, key: string, description: string): OpenAPISchema {
  return refList(name, description, {
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': [key],
    'x-kubernetes-patch-merge-key': key,
    'x-kubernetes-patch-strategy': 'merge',
  });
}

/** A struct (non-kind) type. */
export function struct(description: string, properties: Record<string, OpenAPISchema>, extra: Partial<OpenAPISchema> = {}): OpenAPISchema {
  return { type: 'object', description, properties, ...extra };
}

const apiVersionField = str(
  `APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ${API_CONVENTIONS}#resources`,
);
const kindField = str(
  `Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ${API_CONVENTIONS}#types-kinds`,
);

/** A top-level kind: apiVersion, kind, metadata (ObjectMeta) plus `properties`, tagged with its GVK. */
export function kind(
  gvk: GroupVersionKind,
  description: string,
  properties: Record<string, OpenAPISchema>,
  required: readonly string[] = [],
): OpenAPISchema {
  const schema: OpenAPISchema = {
    type: 'object',
    description,
    properties: {
      apiVersion: apiVersionField,
      kind: kindField,
      metadata: ref(META('ObjectMeta'), `Standard object's metadata. More info: ${API_CONVENTIONS}#metadata`, { default: {} }),
      ...properties,
    },
    'x-kubernetes-group-version-kind': [gvk],
  };
  return required.length > 0 ? { ...schema, required } : schema;
}

/** The `<Kind>List` of a kind: apiVersion, kind, metadata (ListMeta), items. */
export function listKind(gvk: GroupVersionKind, itemSchema: string, description: string, itemsDescription: string): OpenAPISchema {
  return {
    type: 'object',
    description,
    required: ['items'],
    properties: {
      apiVersion: apiVersionField,
      items: refList(itemSchema, itemsDescription),
      kind: kindField,
      metadata: ref(META('ListMeta'), `Standard list metadata. More info: ${API_CONVENTIONS}#types-kinds`, { default: {} }),
    },
    'x-kubernetes-group-version-kind': [gvk],
  };
}

/** A top-level non-persisted kind (Status, DeleteOptions, WatchEvent...): apiVersion and kind but no ObjectMeta. */
export function plainKind(gvks: readonly GroupVersionKind[], description: string, properties: Record<string, OpenAPISchema>, required: readonly string[] = []): OpenAPISchema {
  const schema: OpenAPISchema = {
    type: 'object',
    description,
    properties: { apiVersion: apiVersionField, kind: kindField, ...properties },
    'x-kubernetes-group-version-kind': gvks,
  };
  return required.length > 0 ? { ...schema, required } : schema;
}

/** Link to kube's API conventions, for descriptions that cite it. */
export const CONVENTIONS_URL = API_CONVENTIONS;
