import type { ApiServerClient } from '../../client/api-server-client';
import { toApiError } from '../../client/api-server-client';
import type { OwnerReference } from '@strata/apimachinery';

export type { OwnerReference };

/** Any object as the garbage collector reads it: only the metadata matters, the rest is sent back untouched. */
export interface GcObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    ownerReferences?: OwnerReference[];
  };
  [field: string]: unknown;
}

/** A listable resource found by discovery (preferred version of its group). */
export interface GcResource {
  /** "v1" or "<group>/<version>". */
  readonly groupVersion: string;
  readonly group: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

/** One page of a list. */
export interface GcPage {
  readonly items: GcObject[];
  /** The continue token of the next page; undefined on the last. */
  readonly continue?: string;
}

/**
 * The narrow API of one workspace the garbage collector needs (tests pass plain fakes). Methods reject with an
 * ApiError for unexpected answers and with network/abort errors as they come.
 */
export interface GarbageCollectorApi {
  /** Listable resources of the preferred version of every served group. */
  resources(signal?: AbortSignal): Promise<GcResource[]>;
  /** One page of every object of the resource (all namespaces); a resource gone since discovery is an empty page. */
  listPage(resource: GcResource, continueToken: string | undefined, signal?: AbortSignal): Promise<GcPage>;
  /** The object, or undefined on 404. */
  get(resource: GcResource, namespace: string | undefined, name: string, signal?: AbortSignal): Promise<GcObject | undefined>;
  /** PUT of the object (optimistic on its resourceVersion): the stored object, or undefined when gone or changed (404/409). */
  update(resource: GcResource, obj: GcObject, signal?: AbortSignal): Promise<GcObject | undefined>;
  /** DELETE with Background propagation and a uid precondition; gone or replaced meanwhile (404/409) is fine. */
  delete(resource: GcResource, obj: GcObject, signal?: AbortSignal): Promise<void>;
}

// Bounds what one list answer holds in memory; the collector walks the pages one at a time. Every page after the
// first is read from etcd at the first page's revision, and etcd 3.4 counts the rest of the range for each page
// (remainingItemCount): a full pass over n objects visits about n² / (2 × page) index entries. At 500 objects a
// page, a pass over root's 480,000 Workspaces took ~100 ms of etcd per page and held workspace creation back
// (~2× slower from 300,000 on); 5,000 makes that ten times cheaper for ~10 MB per page held here. The real fix is
// kube's: a watch-driven collector that never lists whole collections again.
const LIST_PAGE = 5_000;

/**
 * How long {@link GarbageCollectorApi.resources} reuses what discovery answered. kube-controller-manager refreshes
 * its garbage collector's discovery every 30 s too; a pass runs every second, and discovery was about ten requests
 * of each pass (a tenth of the apiserver's requests while workspaces are being created). A resource added since is
 * collected at most this much later; one removed since lists as empty (listPage answers 404 with no items).
 */
export const GC_DISCOVERY_TTL_MS = 30_000;

interface DiscoveryResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

function groupVersionRoot(groupVersion: string): string {
  return groupVersion.includes('/') ? `/apis/${groupVersion}` : `/api/${groupVersion}`;
}

/**
 * A {@link GarbageCollectorApi} over the apiserver for the workspace at `workspacePath` ("" = root); discovery is
 * reused for {@link GC_DISCOVERY_TTL_MS} (`now` is injectable for tests).
 */
export function createGarbageCollectorApi(apiServer: ApiServerClient, workspacePath = '', now: () => number = Date.now): GarbageCollectorApi {
  let discovered: { readonly at: number; readonly resources: GcResource[] } | undefined;
  const objectPath = (resource: GcResource, namespace: string | undefined, name: string): string => {
    const ns = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${workspacePath}${groupVersionRoot(resource.groupVersion)}${ns}/${resource.plural}/${encodeURIComponent(name)}`;
  };
  async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    const res = await apiServer.request({ method: 'GET', path: `${workspacePath}${path}`, signal });
    if (res.status !== 200) throw toApiError(res);
    return res.body as T;
  }
  async function resourcesOf(groupVersion: string, signal?: AbortSignal): Promise<GcResource[]> {
    const list = await getJson<{ resources?: DiscoveryResource[] }>(groupVersionRoot(groupVersion), signal);
    const group = groupVersion.includes('/') ? groupVersion.slice(0, groupVersion.indexOf('/')) : '';
    return (list.resources ?? [])
      .filter((r) => !r.name.includes('/') && r.verbs.includes('list'))
      .map((r) => ({ groupVersion, group, plural: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs }));
  }
  return {
    async resources(signal) {
      if (discovered && now() - discovered.at < GC_DISCOVERY_TTL_MS) return discovered.resources;
      const core = await getJson<{ versions?: string[] }>('/api', signal);
      const groups = await getJson<{ groups?: { preferredVersion?: { groupVersion?: string } }[] }>('/apis', signal);
      const versions = [
        ...(core.versions ?? []),
        ...(groups.groups ?? []).map((g) => g.preferredVersion?.groupVersion).filter((v): v is string => !!v),
      ];
      const lists = await Promise.all(versions.map((gv) => resourcesOf(gv, signal)));
      discovered = { at: now(), resources: lists.flat() };
      return discovered.resources;
    },
    async listPage(resource, continueToken, signal) {
      const query = `limit=${LIST_PAGE}${continueToken ? `&continue=${encodeURIComponent(continueToken)}` : ''}`;
      const res = await apiServer.request({
        method: 'GET',
        path: `${workspacePath}${groupVersionRoot(resource.groupVersion)}/${resource.plural}?${query}`,
        signal,
      });
      if (res.status === 404) return { items: [] };
      if (res.status !== 200) throw toApiError(res);
      const list = res.body as { items?: GcObject[]; metadata?: { continue?: string } };
      return { items: list.items ?? [], continue: list.metadata?.continue || undefined };
    },
    async get(resource, namespace, name, signal) {
      const res = await apiServer.request({ method: 'GET', path: objectPath(resource, namespace, name), signal });
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw toApiError(res);
      return res.body as GcObject;
    },
    async update(resource, obj, signal) {
      const res = await apiServer.request({ method: 'PUT', path: objectPath(resource, obj.metadata.namespace, obj.metadata.name), body: obj, signal });
      if (res.status === 404 || res.status === 409) return undefined;
      if (res.status !== 200 && res.status !== 201) throw toApiError(res);
      return res.body as GcObject;
    },
    async delete(resource, obj, signal) {
      const res = await apiServer.request({
        method: 'DELETE',
        path: objectPath(resource, obj.metadata.namespace, obj.metadata.name),
        body: {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          propagationPolicy: 'Background',
          ...(obj.metadata.uid ? { preconditions: { uid: obj.metadata.uid } } : {}),
        },
        signal,
      });
      if (res.status !== 200 && res.status !== 202 && res.status !== 404 && res.status !== 409) throw toApiError(res);
    },
  };
}
