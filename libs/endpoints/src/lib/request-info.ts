/**
 * What a request addresses, parsed from its path like k8s.io/apiserver's RequestInfoFactory, plus the workspace
 * from a `/clusters/<workspace>` prefix (plain paths are workspace `root`).
 */
export interface RequestInfo {
  readonly workspace: string;
  /** The path with the `/clusters/<workspace>` prefix removed. */
  readonly path: string;
  readonly isResourceRequest: boolean;
  /** get, list, watch, create, update, patch, delete, deletecollection; for other requests the lower-case method. */
  readonly verb: string;
  readonly apiPrefix: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
}

const API_PREFIXES = new Set(['api', 'apis']);
// kube's namespaceSubresources: /namespaces/<name>/<these> address the namespace itself.
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
const METHOD_VERBS: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** The workspace prefix and the rest of the path; `undefined` workspace means a malformed `/clusters/` path. */
export function splitWorkspace(path: string): { workspace: string | undefined; rest: string } {
  if (!path.startsWith('/clusters/')) return { workspace: 'root', rest: path };
  const after = path.slice('/clusters/'.length);
  const slash = after.indexOf('/');
  const workspace = slash < 0 ? after : after.slice(0, slash);
  return { workspace: workspace === '' ? undefined : workspace, rest: slash < 0 ? '/' : after.slice(slash) };
}

function isTrue(v: unknown): boolean {
  return v === '1' || v === 'true';
}

/**
 * Parses a request. `query.watch` turns list/get into watch (kube's `?watch=true`); a `/watch/` path segment
 * (deprecated in kube, still served) does the same.
 */
export function parseRequestInfo(method: string, rawPath: string, query: Record<string, unknown>): RequestInfo {
  const { workspace, rest } = splitWorkspace(rawPath);
  const base = {
    workspace: workspace ?? '',
    path: rest,
    isResourceRequest: false,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
  };
  let parts = rest.split('/').filter((p) => p !== '');
  if (parts.length === 0 || !API_PREFIXES.has(parts[0])) return base;
  const apiPrefix = parts[0];
  parts = parts.slice(1);
  let apiGroup = '';
  if (apiPrefix === 'apis') {
    if (parts.length < 3) return { ...base, apiPrefix };
    apiGroup = parts[0];
    parts = parts.slice(1);
  } else if (parts.length < 2) {
    return { ...base, apiPrefix };
  }
  const apiVersion = parts[0];
  parts = parts.slice(1);
  let verb = METHOD_VERBS[method.toUpperCase()] ?? method.toLowerCase();
  if (parts[0] === 'watch') {
    verb = 'watch';
    parts = parts.slice(1);
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2])) parts = parts.slice(2);
  }
  const resource = parts[0] ?? '';
  const name = parts[1] ?? '';
  const subresource = parts[2] ?? '';
  if (!name) {
    if (verb === 'get') verb = isTrue(query['watch']) ? 'watch' : 'list';
    else if (verb === 'delete') verb = 'deletecollection';
  } else if (verb === 'get' && isTrue(query['watch'])) {
    verb = 'watch';
  }
  return {
    ...base,
    isResourceRequest: parts.length > 0 && parts.length <= 3,
    verb,
    apiPrefix,
    apiGroup,
    apiVersion,
    namespace,
    resource,
    subresource,
    name,
  };
}
