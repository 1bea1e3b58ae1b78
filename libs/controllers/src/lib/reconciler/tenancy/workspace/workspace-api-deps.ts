import type { Storage } from '@strata/storage';
import { StorageErrorCode, isStorageError } from '@strata/storage';
import type { ApiServerClient } from '../../../client/api-server-client';
import { toApiError } from '../../../client/api-server-client';
import { CLUSTER_ID_TOMBSTONE_VALUE, clusterIdTombstoneKey, randomClusterId } from '@strata/apimachinery';
import { CreateAllBatcher } from './create-all-batcher';
import type { WorkspaceDeps } from './workspace-deps';
import { LOGICAL_CLUSTER_NAME, ROOT_CLUSTER } from './workspace-types';
import type { LogicalCluster, Workspace } from './workspace-types';

/** Options of {@link createWorkspaceApiDeps}. */
export interface WorkspaceApiDepsOptions {
  readonly apiServer: ApiServerClient;
  /** The storage service (RemoteStorage): tombstones, bootstrap Txns and purges go there, never through the API. */
  readonly storage: Pick<Storage, 'create' | 'createAll' | 'count' | 'deletePrefixes'>;
  /** External base URL of the apiserver (spec.URL), e.g. https://127.0.0.1:6443. */
  readonly externalUrl: string;
}

const LC_PATH = `/apis/core.strata.dev/v1alpha1/logicalclusters`;
const WS_PATH = `/apis/tenancy.strata.dev/v1alpha1/workspaces`;
const AGGREGATED_DISCOVERY = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** How long root's discovery (the built-in resources every workspace serves) is reused for purges. */
export const BUILTIN_DISCOVERY_TTL_MS = 60_000;

/** The part of an apidiscovery.k8s.io/v2 APIGroupDiscoveryList the purge reads (subresources are not stored apart). */
interface AggregatedDiscovery {
  items?: { metadata?: { name?: string }; versions?: { resources?: { resource: string }[] }[] }[];
}

/** [storage group, resource] of every resource of every version of an aggregated discovery answer. */
function discoveredResources(body: unknown): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = [];
  for (const group of (body as AggregatedDiscovery | undefined)?.items ?? []) {
    const name = group.metadata?.name || 'core';
    for (const version of group.versions ?? []) for (const r of version.resources ?? []) out.push([name, r.resource]);
  }
  return out;
}

/** The storage prefixes every logical cluster has, whatever its discovery says; the LogicalCluster's comes last. */
export function tenancyPrefixes(clusterId: string): { workspaces: string; logicalClusters: string } {
  return {
    workspaces: `/registry/tenancy.strata.dev/workspaces/${clusterId}/`,
    logicalClusters: `/registry/core.strata.dev/logicalclusters/${clusterId}/`,
  };
}

/** The storage key of Workspace `ref` (in its parent's logical cluster). */
export function workspaceKey(ref: { readonly parentCluster: string; readonly name: string }): string {
  return `${tenancyPrefixes(ref.parentCluster).workspaces}${ref.name}`;
}

/**
 * {@link WorkspaceDeps} over the apiserver (objects inside workspaces, addressed as `/clusters/<id>`) and the
 * storage service (id tombstones, a new workspace's objects as one CreateAll Txn, purges as DeletePrefixes Txns).
 * Rejects with an ApiError or StorageError.
 */
export function createWorkspaceApiDeps(opts: WorkspaceApiDepsOptions): WorkspaceDeps {
  const { apiServer, storage } = opts;
  // Workspaces provisioned at the same time share one Txn (each still all or nothing; see CreateAllBatcher).
  const batcher = new CreateAllBatcher(storage);
  const at = (clusterId: string, path: string) => `/clusters/${clusterId}${path}`;
  const get = async <T>(path: string, signal: AbortSignal): Promise<T | undefined> => {
    const res = await apiServer.request({ method: 'GET', path, signal });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw toApiError(res);
    return res.body as T;
  };
  // Aggregated discovery (apidiscovery.k8s.io/v2) instead of /api/v1, /apis and one GET per group version (about
  // ten). Every workspace serves the same built-in resources (the apiserver has one registry), so root's /api and
  // /apis name them all for every purge, read at most once per BUILTIN_DISCOVERY_TTL_MS (an apiserver upgrade may
  // serve more). Only a server that serves CustomResourceDefinitions (apiextensions.k8s.io) lets a workspace have
  // resources of its own (always in a named group); then the workspace's own /apis is read for each purge too.
  let builtins: { resources: (readonly [string, string])[]; customResources: boolean; until: number } | undefined;
  const builtinResources = async (signal: AbortSignal) => {
    if (!builtins || builtins.until <= Date.now()) {
      const answers = [];
      for (const path of ['/api', '/apis']) {
        const res = await apiServer.request({ method: 'GET', path, accept: AGGREGATED_DISCOVERY, signal });
        if (res.status !== 200) throw toApiError(res);
        answers.push(discoveredResources(res.body));
      }
      const resources = answers.flat();
      const customResources = resources.some(([group, resource]) => group === 'apiextensions.k8s.io' && resource === 'customresourcedefinitions');
      builtins = { resources, customResources, until: Date.now() + BUILTIN_DISCOVERY_TTL_MS };
    }
    return builtins;
  };
  const discover = async (clusterId: string, signal: AbortSignal): Promise<string[] | undefined> => {
    const known = await builtinResources(signal);
    let own: (readonly [string, string])[] = [];
    if (known.customResources) {
      const named = await apiServer.request({ method: 'GET', path: at(clusterId, '/apis'), accept: AGGREGATED_DISCOVERY, signal });
      if (named.status === 404 || named.status === 403) return undefined;
      if (named.status !== 200) throw toApiError(named);
      own = discoveredResources(named.body);
    }
    return [...new Set([...known.resources, ...own].map(([group, resource]) => `/registry/${group}/${resource}/${clusterId}/`))];
  };
  return {
    externalUrl: opts.externalUrl.replace(/\/$/, ''),
    newClusterId: () => randomClusterId(),
    now: () => new Date(),
    async reserveClusterId(id, signal) {
      try {
        await storage.create(clusterIdTombstoneKey(id), Buffer.from(CLUSTER_ID_TOMBSTONE_VALUE), { signal });
        return true;
      } catch (err) {
        if (isStorageError(err) && err.code === StorageErrorCode.KeyExists) return false;
        throw err;
      }
    },
    async pathOfCluster(clusterId, signal) {
      if (clusterId === ROOT_CLUSTER) return ROOT_CLUSTER;
      const lc = await get<LogicalCluster>(at(clusterId, `${LC_PATH}/${LOGICAL_CLUSTER_NAME}`), signal);
      return lc?.status?.path || undefined;
    },
    getLogicalCluster: (clusterId, signal) => get<LogicalCluster>(at(clusterId, `${LC_PATH}/${LOGICAL_CLUSTER_NAME}`), signal),
    async createLogicalCluster(clusterId, lc, signal) {
      const res = await apiServer.request({ method: 'POST', path: at(clusterId, LC_PATH), body: lc, signal });
      if (res.status === 409) return undefined;
      if (res.status !== 201 && res.status !== 200) throw toApiError(res);
      const created = res.body as LogicalCluster;
      // A create drops status (it has its own subresource): write it now.
      if (JSON.stringify(created.status ?? {}) !== JSON.stringify(lc.status ?? {})) {
        const st = await apiServer.request({ method: 'PUT', path: at(clusterId, `${LC_PATH}/${LOGICAL_CLUSTER_NAME}/status`), body: { ...created, status: lc.status }, signal });
        if (st.status !== 200) throw toApiError(st);
        return st.body as LogicalCluster;
      }
      return created;
    },
    async updateLogicalClusterStatus(clusterId, lc, signal) {
      const res = await apiServer.request({ method: 'PUT', path: at(clusterId, `${LC_PATH}/${LOGICAL_CLUSTER_NAME}/status`), body: lc, signal });
      if (res.status !== 200) throw toApiError(res);
      return res.body as LogicalCluster;
    },
    async createAll(_clusterId, objects, signal) {
      // JSON.stringify of an object without resourceVersion: the bytes the apiserver's codec (encodeObject) writes.
      const items = objects.map(({ key, object, expectedModRevision }) => ({ key, value: Buffer.from(JSON.stringify(object)), expectedModRevision }));
      try {
        const kvs = await batcher.createAll(items, signal);
        return objects.map(({ object }, i) => ({ ...object, metadata: { ...object.metadata, resourceVersion: String(kvs[i].modRevision) } }));
      } catch (err) {
        if (isStorageError(err) && err.code === StorageErrorCode.KeyExists) return undefined;
        throw err;
      }
    },
    async ensureObject(clusterId, collectionPath, obj, signal) {
      const res = await apiServer.request({ method: 'POST', path: at(clusterId, collectionPath), body: obj, signal });
      if (res.status !== 201 && res.status !== 200 && res.status !== 409) throw toApiError(res);
    },
    async listChildren(clusterId, signal) {
      // Most workspaces being deleted are leaves: a count on the storage service (a linearizable etcd count, as
      // fresh as the apiserver's consistent LIST) spares them the LIST; names are listed only when some exist.
      if ((await storage.count(tenancyPrefixes(clusterId).workspaces, { signal })) === 0) return [];
      const res = await apiServer.request({ method: 'GET', path: at(clusterId, WS_PATH), signal });
      if (res.status === 404 || res.status === 403) return undefined;
      if (res.status !== 200) throw toApiError(res);
      return (res.body as { items?: Workspace[] }).items ?? [];
    },
    async deleteWorkspace(clusterId, name, signal) {
      const res = await apiServer.request({ method: 'DELETE', path: at(clusterId, `${WS_PATH}/${encodeURIComponent(name)}`), signal });
      if (res.status !== 200 && res.status !== 202 && res.status !== 404) throw toApiError(res);
    },
    async resourcePrefixes(clusterId, signal) {
      // Once the LogicalCluster is purged the id no longer resolves; then only built-ins can remain (custom
      // resources went before it), and root's discovery names them.
      const discovered = (await discover(clusterId, signal)) ?? ((await discover(ROOT_CLUSTER, signal)) ?? []).map((p) => p.replace(/\/root\/$/, `/${clusterId}/`));
      const { workspaces, logicalClusters } = tenancyPrefixes(clusterId);
      const set = new Set([...discovered, workspaces]);
      set.delete(logicalClusters);
      return [...set, logicalClusters];
    },
    async deletePrefixes(prefixes, signal, requireEmpty, deleteKeys) {
      return (await storage.deletePrefixes(prefixes, { signal, requireEmpty, deleteKeys })).deleted;
    },
  };
}
