/** A group/version/kind as OpenAPI's `x-kubernetes-group-version-kind` carries it ("" group for core). */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/**
 * The subset of an OpenAPI 3.0 schema object kube-apiserver publishes, with kube's vendor extensions. The
 * `x-kubernetes-patch-*` pair drives strategic merge patch; `x-kubernetes-list-*` / `x-kubernetes-map-type` drive
 * server-side apply's merge of lists and maps.
 */
export interface OpenAPISchema {
  readonly type?: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  readonly format?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, OpenAPISchema>>;
  readonly additionalProperties?: OpenAPISchema | boolean;
  readonly items?: OpenAPISchema;
  readonly required?: readonly string[];
  readonly allOf?: readonly OpenAPISchema[];
  readonly $ref?: string;
  readonly default?: unknown;
  readonly enum?: readonly string[];
  readonly 'x-kubernetes-group-version-kind'?: readonly GroupVersionKind[];
  readonly 'x-kubernetes-patch-merge-key'?: string;
  readonly 'x-kubernetes-patch-strategy'?: string;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** Named schemas as they appear under an OpenAPI document's `components.schemas`. */
export type SchemaTable = Readonly<Record<string, OpenAPISchema>>;

/** The prefix of every `$ref` into `components.schemas`. */
export const SCHEMA_REF_PREFIX = '#/components/schemas/';
