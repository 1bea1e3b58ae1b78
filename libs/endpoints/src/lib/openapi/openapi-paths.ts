import type { GroupVersionKind, ResourceInfo } from '@strata/registry';
import { SCHEMA_REF_PREFIX } from '@strata/registry';
import type { OpenAPIParameter } from './openapi-parameters';
import { DELETE_PARAMS, LIST_PARAMS, NAMESPACE_PARAM, NAME_PARAM, PATCH_PARAMS, PRETTY_PARAM, WRITE_PARAMS } from './openapi-parameters';

/** One OpenAPI 3.0 operation as kube-openapi writes it, with kube's action and GVK extensions. */
export interface OpenAPIOperation {
  readonly tags: readonly string[];
  readonly description: string;
  readonly operationId: string;
  readonly parameters?: readonly OpenAPIParameter[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema: { readonly $ref: string } }>; readonly required: boolean };
  readonly responses: Record<string, { readonly description: string; readonly content?: Record<string, { readonly schema: { readonly $ref: string } }> }>;
  readonly 'x-kubernetes-action': string;
  readonly 'x-kubernetes-group-version-kind': GroupVersionKind;
}

/** One path item: operations by HTTP method plus parameters common to them. */
export interface OpenAPIPathItem {
  get?: OpenAPIOperation;
  post?: OpenAPIOperation;
  put?: OpenAPIOperation;
  patch?: OpenAPIOperation;
  delete?: OpenAPIOperation;
  parameters: readonly OpenAPIParameter[];
}

/** The four PATCH body types kube accepts for built-in types; kubectl apply picks strategic merge when listed. */
export const PATCH_CONTENT_TYPES: readonly string[] = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

const META_REF = (name: string): string => `${SCHEMA_REF_PREFIX}io.k8s.apimachinery.pkg.apis.meta.v1.${name}`;

// kube's operationId/tag spelling of a group: "" → Core, rbac.authorization.k8s.io → RbacAuthorization.
function groupWords(group: string): string[] {
  if (group === '') return ['core'];
  return group.replace(/\.k8s\.io$/, '').split('.');
}
const upper = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The operation-id infix of a group/version (`CoreV1`, `RbacAuthorizationV1`) and its tag (`core_v1`, `rbacAuthorization_v1`). */
export function groupVersionNames(group: string, version: string): { idInfix: string; tag: string } {
  const words = groupWords(group);
  return {
    idInfix: words.map(upper).join('') + upper(version),
    tag: `${words[0]}${words.slice(1).map(upper).join('')}_${version}`,
  };
}

const body = (ref: string) => ({ content: { 'application/json': { schema: { $ref: ref } } } });

/**
 * The paths kube-apiserver publishes for one resource, operations limited to the resource's verbs:
 * collection (list, create, deletecollection), item (read, replace, patch, delete), cross-namespace list and the
 * `/watch/` paths. `schemaRef` is the `$ref` of the kind's schema.
 */
export function resourcePaths(info: ResourceInfo, schemaRef: string, listSchemaRef: string): Record<string, OpenAPIPathItem> {
  const { group, version, kind, plural, namespaced } = info;
  const verbs = new Set(info.verbs);
  const { idInfix, tag } = groupVersionNames(group, version);
  const gvk: GroupVersionKind = { group, version, kind };
  const prefix = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const scoped = namespaced ? `Namespaced${kind}` : kind;
  const nsPath = namespaced ? '/namespaces/{namespace}' : '';
  const scopeParams = namespaced ? [NAMESPACE_PARAM] : [];
  const op = (action: string, idVerb: string, idKind: string, description: string, rest: Partial<OpenAPIOperation>): OpenAPIOperation => ({
    tags: [tag],
    description,
    operationId: `${idVerb}${idInfix}${idKind}`,
    responses: { '200': { description: 'OK', ...body(schemaRef) }, '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    ...rest,
  });
  const ok = (ref: string, ...extra: string[]) => ({
    '200': { description: 'OK', ...body(ref) },
    ...Object.fromEntries(extra.map((code) => [code, { description: code === '201' ? 'Created' : 'Accepted', ...body(schemaRef) }])),
    '401': { description: 'Unauthorized' },
  });
  const paths: Record<string, OpenAPIPathItem> = {};
  const collection: OpenAPIPathItem = { parameters: [...scopeParams, PRETTY_PARAM] };
  if (verbs.has('list')) collection.get = op('list', 'list', scoped, `list or watch objects of kind ${kind}`, { parameters: LIST_PARAMS, responses: ok(listSchemaRef) });
  if (verbs.has('create')) {
    collection.post = op('post', 'create', scoped, `create ${article(kind)} ${kind}`, {
      parameters: WRITE_PARAMS,
      requestBody: { ...body(schemaRef), required: true },
      responses: ok(schemaRef, '201', '202'),
    });
  }
  if (verbs.has('deletecollection')) {
    collection.delete = op('deletecollection', 'delete', `Collection${scoped}`, `delete collection of ${kind}`, {
      parameters: [...DELETE_PARAMS, ...LIST_PARAMS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks')],
      requestBody: { ...body(META_REF('DeleteOptions')), required: false },
      responses: ok(META_REF('Status')),
    });
  }
  if (collection.get || collection.post || collection.delete) paths[`${prefix}${nsPath}/${plural}`] = collection;

  const item: OpenAPIPathItem = { parameters: [NAME_PARAM, ...scopeParams, PRETTY_PARAM] };
  if (verbs.has('get')) item.get = op('get', 'read', scoped, `read the specified ${kind}`, {});
  if (verbs.has('update')) {
    item.put = op('put', 'replace', scoped, `replace the specified ${kind}`, {
      parameters: WRITE_PARAMS,
      requestBody: { ...body(schemaRef), required: true },
      responses: ok(schemaRef, '201'),
    });
  }
  if (verbs.has('patch')) {
    const patchBody = Object.fromEntries(PATCH_CONTENT_TYPES.map((t) => [t, { schema: { $ref: META_REF('Patch') } }]));
    item.patch = op('patch', 'patch', scoped, `partially update the specified ${kind}`, {
      parameters: PATCH_PARAMS,
      requestBody: { content: patchBody, required: true },
      responses: ok(schemaRef, '201'),
    });
  }
  if (verbs.has('delete')) {
    item.delete = op('delete', 'delete', scoped, `delete ${article(kind)} ${kind}`, {
      parameters: DELETE_PARAMS,
      requestBody: { ...body(META_REF('DeleteOptions')), required: false },
      responses: ok(schemaRef, '202'),
    });
  }
  if (item.get || item.put || item.patch || item.delete) paths[`${prefix}${nsPath}/${plural}/{name}`] = item;

  if (namespaced && verbs.has('list')) {
    paths[`${prefix}/${plural}`] = {
      parameters: [PRETTY_PARAM],
      get: op('list', 'list', `${kind}ForAllNamespaces`, `list or watch objects of kind ${kind}`, { parameters: LIST_PARAMS, responses: ok(listSchemaRef) }),
    };
  }
  if (verbs.has('watch')) {
    const watch = (idKind: string, description: string, action: string) =>
      op(action, 'watch', idKind, description, { parameters: LIST_PARAMS, responses: ok(META_REF('WatchEvent')) });
    const deprecated = 'deprecated: use the \'watch\' parameter with a list operation instead';
    paths[`${prefix}/watch${nsPath}/${plural}`] = {
      parameters: [...scopeParams, PRETTY_PARAM],
      get: watch(`${scoped}List`, `watch individual changes to a list of ${kind}. ${deprecated}.`, 'watchlist'),
    };
    paths[`${prefix}/watch${nsPath}/${plural}/{name}`] = {
      parameters: [NAME_PARAM, ...scopeParams, PRETTY_PARAM],
      get: watch(scoped, `watch changes to an object of kind ${kind}. ${deprecated}, filtered to a single item with the 'fieldSelector' parameter.`, 'watch'),
    };
    if (namespaced) {
      paths[`${prefix}/watch/${plural}`] = {
        parameters: [PRETTY_PARAM],
        get: watch(`${kind}ListForAllNamespaces`, `watch individual changes to a list of ${kind}. ${deprecated}.`, 'watchlist'),
      };
    }
  }
  return paths;
}

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a';
}
