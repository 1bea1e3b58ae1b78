export type { GroupVersionKind, OpenAPISchema, SchemaTable } from './schema-types';
export { SCHEMA_REF_PREFIX } from './schema-types';
export { META_KIND_GROUP_VERSIONS } from './meta-v1';
export { OPENAPI_SCHEMAS, resolveSchema, schemaByRef, schemaClosure, schemaFor, schemaNameFor } from './schema-catalog';
