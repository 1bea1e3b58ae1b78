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
    /** Across all workspaces (`/clusters/*`) it names the object's logical cluster (`strata.dev/cluster`). */
    annotations?: Record<string, string>;
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

/**
 * The narrow API of one workspace the garbage collector needs (tests pass plain fakes). Methods reject with an
 * ApiError for unexpected answers and with network/abort errors as they come.
 */
export interface GarbageCollectorApi {
  /** Listable resources of the preferred version of every served group. */
  resources(signal?: AbortSignal): Promise<GcResource[]>;
  /** The object, or undefined on 404. */
  get(resource: GcResource, namespace: string | undefined, name: string, signal?: AbortSignal): Promise<GcObject | undefined>;
  /** PUT of the object (optimistic on its resourceVersion): the stored object, or undefined when gone or changed (404/409). */
  update(resource: GcResource, obj: GcObject, signal?: AbortSignal): Promise<GcObject | undefined>;
  /**
   * DELETE with a uid precondition, plus a resourceVersion one when `obj` carries it (propagation Background unless
   * given): false when the object is gone or changed meanwhile (404/409).
   */
  delete(resource: GcResource, obj: GcObject, signal?: AbortSignal, propagationPolicy?: 'Background' | 'Foreground'): Promise<boolean>;
}

/**
 * How long {@link GarbageCollectorApi.resources} reuses what discovery answered. kube-controller-manager refreshes
 * its garbage collector's discovery every 30 s too: a resource added since is watched at most this much later.
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

/** The collection of `resource` across every workspace, for the collector's watches (privileged users only). */
export function wildcardCollectionPath(resource: GcResource): string {
  return `/clusters/*${groupVersionRoot(resource.groupVersion)}/${resource.plural}`;
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
    async delete(resource, obj, signal, propagationPolicy = 'Background') {
      const res = await apiServer.request({
        method: 'DELETE',
        path: objectPath(resource, obj.metadata.namespace, obj.metadata.name),
        body: {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          propagationPolicy,
          preconditions: {
            ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
            ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
          },
        },
        signal,
      });
      if (res.status === 404 || res.status === 409) return false;
      if (res.status !== 200 && res.status !== 202) throw toApiError(res);
      return true;
    },
  };
}
