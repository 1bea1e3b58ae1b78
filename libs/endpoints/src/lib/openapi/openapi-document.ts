import { createHash } from 'node:crypto';
import type { OpenAPISchema, ResourceInfo } from '@strata/registry';
import { OPENAPI_SCHEMAS, SCHEMA_REF_PREFIX, schemaClosure, schemaNameFor } from '@strata/registry';
import { GIT_VERSION } from '../discovery';
import type { OpenAPIPathItem } from './openapi-paths';
import { resourcePaths } from './openapi-paths';

/** One served OpenAPI v3 group/version document: its bytes and kube's hash of them (the ETag and `?hash=`). */
export interface OpenAPIGroupVersionDocument {
  readonly body: Buffer;
  readonly hash: string;
}

/** Every group/version document of a registry, keyed by its path under /openapi/v3 (`api/v1`, `apis/<g>/<v>`). */
export type OpenAPIDocuments = ReadonlyMap<string, OpenAPIGroupVersionDocument>;

// Schemas every group/version document carries besides its kinds, as kube's do.
const SHARED_META = ['DeleteOptions', 'Patch', 'Status', 'WatchEvent'].map((n) => `io.k8s.apimachinery.pkg.apis.meta.v1.${n}`);

/** The /openapi/v3 path key of a group/version: `api/v1` for core, `apis/<group>/<version>` otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** kube-openapi's hash of a document: upper-case hex SHA-512 of its bytes. */
export function documentHash(body: Buffer): string {
  return createHash('sha512').update(body).digest('hex').toUpperCase();
}

// A kind Strata serves without a hand-written schema (e.g. its own tenancy types) still needs one for kubectl's
// validation and explain: an open object under the CRD-style name, keeping unknown fields.
function fallbackSchemas(info: ResourceInfo): [string, OpenAPISchema][] {
  const base = `${info.group.split('.').reverse().join('.')}.${info.version}`;
  const common = (kind: string): OpenAPISchema => ({
    type: 'object',
    description: `${kind} of ${info.group}/${info.version}.`,
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
      kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
      metadata: { allOf: [{ $ref: `${SCHEMA_REF_PREFIX}io.k8s.apimachinery.pkg.apis.meta.v1.${kind === info.listKind ? 'ListMeta' : 'ObjectMeta'}` }], description: 'Standard metadata.' },
    },
    'x-kubernetes-group-version-kind': [{ group: info.group, version: info.version, kind }],
  });
  const item: OpenAPISchema = { ...common(info.kind), 'x-kubernetes-preserve-unknown-fields': true };
  const list = common(info.listKind);
  const listSchema: OpenAPISchema = {
    ...list,
    required: ['items'],
    properties: { ...list.properties, items: { type: 'array', items: { $ref: `${SCHEMA_REF_PREFIX}${base}.${info.kind}` } } },
  };
  return [
    [`${base}.${info.kind}`, item],
    [`${base}.${info.listKind}`, listSchema],
  ];
}

function buildDocument(resources: readonly ResourceInfo[]): OpenAPIGroupVersionDocument {
  const paths: Record<string, OpenAPIPathItem> = {};
  const named = new Set(SHARED_META);
  const extra: Record<string, OpenAPISchema> = {};
  for (const info of resources) {
    let kindName = schemaNameFor(info.group, info.version, info.kind);
    let listName = schemaNameFor(info.group, info.version, info.listKind);
    if (kindName === undefined || listName === undefined) {
      const [[k, kSchema], [l, lSchema]] = fallbackSchemas(info);
      extra[k] = kSchema;
      extra[l] = lSchema;
      named.add('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').add('io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta');
      kindName = kindName ?? k;
      listName = listName ?? l;
    }
    for (const name of [kindName, listName]) if (!(name in extra)) named.add(name);
    Object.assign(paths, resourcePaths(info, `${SCHEMA_REF_PREFIX}${kindName}`, `${SCHEMA_REF_PREFIX}${listName}`));
  }
  const schemas: Record<string, OpenAPISchema> = {};
  for (const name of schemaClosure(named)) schemas[name] = OPENAPI_SCHEMAS[name];
  Object.assign(schemas, extra);
  const doc = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: GIT_VERSION },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  };
  const body = Buffer.from(JSON.stringify(doc));
  return { body, hash: documentHash(body) };
}

/**
 * Builds the OpenAPI v3 document of every group/version among `resources` (kube's schema names, GVK and patch
 * extensions, operations per verb), group/versions in first-seen order. Deterministic: the same resources give
 * the same bytes and hashes.
 */
export function buildOpenAPIDocuments(resources: readonly ResourceInfo[]): OpenAPIDocuments {
  const byGroupVersion = new Map<string, ResourceInfo[]>();
  for (const info of resources) {
    const gv = groupVersionPath(info.group, info.version);
    byGroupVersion.set(gv, [...(byGroupVersion.get(gv) ?? []), info]);
  }
  const docs = new Map<string, OpenAPIGroupVersionDocument>();
  for (const [gv, infos] of byGroupVersion) docs.set(gv, buildDocument(infos));
  return docs;
}

/** The /openapi/v3 root: every group/version with its `serverRelativeURL` (`<prefix>/openapi/v3/<gv>?hash=<H>`). */
export function openAPIRoot(docs: OpenAPIDocuments, pathPrefix: string): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [gv, doc] of docs) paths[gv] = { serverRelativeURL: `${pathPrefix}/openapi/v3/${gv}?hash=${doc.hash}` };
  return { paths };
}
