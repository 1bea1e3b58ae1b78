import { StatusError, newBadRequest, newMethodNotSupported } from '@strata/apimachinery';
import {
  StorageWorkspaceLookup,
  WILDCARD_CLUSTER,
  WorkspaceClusterResolver,
  createResourceRegistry,
  isLogicalClusterId,
  isPrivilegedUser,
  isWorkspacePath,
  wildcardForbidden,
} from '@strata/registry';
import type { ClusterResolver, ResourceRegistry } from '@strata/registry';
import type { Storage } from '@strata/storage';
import express from 'express';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { authenticate } from './authentication';
import type { Authenticator, UserInfo } from './authentication';
import { versionInfo } from './discovery';
import { serveDiscovery } from './discovery-handler';
import { isDryRun } from './handler-context';
import type { VerbHandler } from './handler-context';
import { createHandler } from './handlers/create';
import { deleteHandler } from './handlers/delete';
import { deleteCollectionHandler } from './handlers/delete-collection';
import { getHandler } from './handlers/get';
import { listHandler } from './handlers/list';
import { patchHandler } from './handlers/patch';
import { updateHandler } from './handlers/update';
import { watchHandler } from './handlers/watch';
import { createApiServerMetrics } from './metrics';
import { OpenAPIService } from './openapi/openapi-handler';
import { parseRequestInfo } from './request-info';
import type { RequestInfo } from './request-info';
import { requestLabels, trackRequest } from './request-metrics';
import { writeJson, writeStatus } from './write-status';

/** Dependencies of {@link createApiServerApp}. */
export interface ApiServerAppDeps {
  readonly storage: Storage;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly authenticator: Authenticator;
  /** Workspace path or id → logical cluster id; defaults to a WorkspaceClusterResolver over `storage`. */
  readonly clusterResolver?: ClusterResolver;
  /**
   * The URL users reach this server at (no trailing slash), the base of each new Workspace's spec.URL: the
   * workspace-controller's externalUrl. Default https://127.0.0.1:6443.
   */
  readonly externalUrl?: string;
}

const VERB_HANDLERS: Readonly<Record<string, VerbHandler>> = {
  get: getHandler,
  list: listHandler,
  watch: watchHandler,
  create: createHandler,
  update: updateHandler,
  patch: patchHandler,
  delete: deleteHandler,
  deletecollection: deleteCollectionHandler,
};

// A status subresource reads and replaces the status of one object; it never creates, deletes or lists.
const SUBRESOURCE_VERBS: ReadonlySet<string> = new Set(['get', 'update', 'patch']);

/** kube's answer to a path nothing serves. */
export function notFoundPath(): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  });
}

function serveNonResource(info: RequestInfo, req: Request, res: Response, registry: ResourceRegistry, openapi: OpenAPIService): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw notFoundPath();
  const path = info.path.replace(/\/+$/, '') || '/';
  if (path === '/version') return writeJson(res, 200, versionInfo());
  if (serveDiscovery(path, registry, req, res)) return;
  const workspacePrefix = req.path.startsWith('/clusters/') ? `/clusters/${info.workspace}` : '';
  if (openapi.serve(path, workspacePrefix, req, res)) return;
  throw notFoundPath();
}

/**
 * The Kubernetes API as an express app: discovery, and get/list/watch/create/update/delete of the registry's
 * resources, under plain paths (workspace `root`) and `/clusters/<workspace>/...`. Every request needs a bearer
 * token the authenticator accepts (else 401); every failure is a kube Status written by write-status.ts. It does
 * not serve /livez, /readyz or /metrics (the app's main mounts those).
 */
export function createApiServerApp(deps: ApiServerAppDeps): express.Express {
  const resolver = deps.clusterResolver ?? new WorkspaceClusterResolver({ lookup: new StorageWorkspaceLookup(deps.storage) });
  const registry = createResourceRegistry(deps.storage, { forgetCluster: (id) => resolver.forget?.(id), externalUrl: deps.externalUrl });
  const openapi = new OpenAPIService(registry);
  const metrics = createApiServerMetrics(deps.metrics);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req: Request, res: Response) => {
    const started = Date.now();
    const info = parseRequestInfo(req.method, req.path, req.query as Record<string, unknown>);
    const labels = requestLabels(info, req.method, isDryRun(req), registry);
    const finish = trackRequest(metrics, labels, info.verb === 'watch');
    let user = '';
    let userInfo: UserInfo | undefined;
    res.on('close', () => {
      finish(res.statusCode);
      deps.logger.debug(
        { method: req.method, path: req.path, verb: info.verb, workspace: info.workspace, resource: info.resource, user, code: res.statusCode, durationMs: Date.now() - started },
        'request',
      );
    });
    void (async () => {
      try {
        userInfo = authenticate(deps.authenticator, req.headers);
        user = userInfo.username;
        const abort = new AbortController();
        res.on('close', () => abort.abort());
        const wildcard = info.workspace === WILDCARD_CLUSTER;
        if (wildcard && !isPrivilegedUser(userInfo)) throw wildcardForbidden(userInfo, info.verb, info.apiGroup, info.resource);
        // Privileged users (the workspace-controller) address a logical cluster by id before it is provisioned.
        const direct = wildcard || (isPrivilegedUser(userInfo) && isLogicalClusterId(info.workspace));
        const cluster = direct ? info.workspace : await resolver.resolve(info.workspace, abort.signal);
        if (cluster === undefined) throw notFoundPath();
        if (!info.isResourceRequest) return serveNonResource(info, req, res, registry, openapi);
        const parent = registry.lookup(info.apiGroup, info.apiVersion, info.resource);
        const served = info.subresource ? parent?.subresources?.[info.subresource] : parent;
        if (!served) throw notFoundPath();
        if (info.subresource && !SUBRESOURCE_VERBS.has(info.verb)) {
          throw newMethodNotSupported({ group: info.apiGroup, resource: `${info.resource}/${info.subresource}` }, info.verb);
        }
        const namespaced = served.definition.info.namespaced;
        if (!namespaced && info.namespace && info.resource !== 'namespaces') throw notFoundPath();
        const handler = VERB_HANDLERS[info.verb];
        const collectionOnly = info.verb === 'list' || info.verb === 'create';
        const crossNamespace = namespaced && !info.namespace;
        if (!handler || (crossNamespace && info.verb !== 'list' && info.verb !== 'watch') || (collectionOnly && info.name)) {
          throw newMethodNotSupported({ group: info.apiGroup, resource: info.resource }, info.verb);
        }
        // Across all workspaces only list and watch exist, and only as whole-resource ranges (no namespace prefix).
        if (wildcard && ((info.verb !== 'list' && info.verb !== 'watch') || info.name || info.subresource)) {
          throw newMethodNotSupported({ group: info.apiGroup, resource: info.resource }, info.verb);
        }
        if (wildcard && info.namespace) throw newBadRequest('a request across all workspaces (/clusters/*) cannot be limited to one namespace');
        // The path a Workspace created here gets its URL under: the URL's, or the resolver's for an id it saw.
        const workspacePath = isWorkspacePath(info.workspace) ? info.workspace : wildcard ? undefined : resolver.pathOf?.(cluster);
        const scope = { cluster, workspacePath, namespace: namespaced ? info.namespace || undefined : undefined, signal: abort.signal, user: userInfo };
        await handler({ info, served, scope, logger: deps.logger }, req, res);
      } catch (err) {
        writeStatus(res, err, deps.logger);
      }
    })();
  });
  return app;
}
