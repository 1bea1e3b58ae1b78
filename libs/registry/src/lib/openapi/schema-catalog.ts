import { AUTHENTICATION_V1_SCHEMAS } from './authentication-v1';
import { COORDINATION_V1_SCHEMAS } from './coordination-v1';
import { CORE_V1_SCHEMAS } from './core-v1';
import { EVENTS_V1_SCHEMAS } from './events-v1';
import { META_V1_SCHEMAS } from './meta-v1';
import { RBAC_V1_SCHEMAS } from './rbac-v1';
import { TENANCY_SCHEMAS } from '../tenancy/openapi-schemas';
import type { OpenAPISchema, SchemaTable } from './schema-types';
import { SCHEMA_REF_PREFIX } from './schema-types';

/** Every schema Strata publishes, by kube's fully qualified name (`io.k8s.api.core.v1.ConfigMap`). */
export const OPENAPI_SCHEMAS: SchemaTable = {
  ...META_V1_SCHEMAS,
  ...CORE_V1_SCHEMAS,
  ...EVENTS_V1_SCHEMAS,
  ...COORDINATION_V1_SCHEMAS,
  ...RBAC_V1_SCHEMAS,
  ...AUTHENTICATION_V1_SCHEMAS,
  ...TENANCY_SCHEMAS,
};

const gvkKey = (group: string, version: string, kind: string): string => `${group}/${version}/${kind}`;

// Built once: a kind's schema is the one whose x-kubernetes-group-version-kind names it (how kubectl finds it).
const nameByGvk = new Map<string, string>();
for (const [name, schema] of Object.entries(OPENAPI_SCHEMAS)) {
  for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) nameByGvk.set(gvkKey(gvk.group, gvk.version, gvk.kind), name);
}

/** The schema name (`io.k8s.api.core.v1.ConfigMap`) of a kind, or undefined when Strata publishes none for it. */
export function schemaNameFor(group: string, version: string, kind: string): string | undefined {
  return nameByGvk.get(gvkKey(group, version, kind));
}

/**
 * The top-level schema of a kind ("" group for core), or undefined for an unknown kind. Nested struct fields are
 * `allOf: [{$ref}]` (or `items.$ref` in lists) exactly like kube's OpenAPI v3; follow them with {@link resolveSchema}.
 */
export function schemaFor(group: string, version: string, kind: string): OpenAPISchema | undefined {
  const name = schemaNameFor(group, version, kind);
  return name === undefined ? undefined : OPENAPI_SCHEMAS[name];
}

/** A schema by its `$ref` (`#/components/schemas/<name>`) or bare name; undefined when unknown. */
export function schemaByRef(ref: string): OpenAPISchema | undefined {
  const name = ref.startsWith(SCHEMA_REF_PREFIX) ? ref.slice(SCHEMA_REF_PREFIX.length) : ref;
  return Object.prototype.hasOwnProperty.call(OPENAPI_SCHEMAS, name) ? OPENAPI_SCHEMAS[name] : undefined;
}

/**
 * The schema a field's schema stands for: follows a `$ref` or a single-element `allOf: [{$ref}]`, otherwise
 * returns `schema` itself. Field-level extensions (patch strategy, list type) stay on the field's own schema, so
 * read those before resolving.
 */
export function resolveSchema(schema: OpenAPISchema): OpenAPISchema {
  const target = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
  return (target !== undefined ? schemaByRef(target) : undefined) ?? schema;
}

function collectRefs(schema: OpenAPISchema, out: string[]): void {
  if (schema.$ref) out.push(schema.$ref.slice(SCHEMA_REF_PREFIX.length));
  for (const s of schema.allOf ?? []) collectRefs(s, out);
  for (const s of Object.values(schema.properties ?? {})) collectRefs(s, out);
  if (schema.items) collectRefs(schema.items, out);
  if (typeof schema.additionalProperties === 'object') collectRefs(schema.additionalProperties, out);
}

/** `names` plus every schema they reference, transitively, sorted; throws on a dangling `$ref` (a table bug). */
export function schemaClosure(names: Iterable<string>): string[] {
  const seen = new Set<string>();
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (seen.has(name)) continue;
    const schema = OPENAPI_SCHEMAS[name];
    if (!schema) throw new Error(`OpenAPI schema ${name} is not defined`);
    seen.add(name);
    collectRefs(schema, pending);
  }
  return [...seen].sort();
}
