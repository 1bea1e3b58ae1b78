import type { ApiServerClient } from '../../client/api-server-client';
import { toApiError } from '../../client/api-server-client';

/** A namespace as the lifecycle controller reads it. */
export interface NamespaceObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    uid?: string;
    resourceVersion?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: NamespaceCondition[] };
  [key: string]: unknown;
}

/** core/v1 NamespaceCondition. */
export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** A namespaced resource found by discovery. */
export interface NamespacedResource {
  /** "v1" or "<group>/<version>". */
  readonly groupVersion: string;
  readonly plural: string;
  readonly verbs: readonly string[];
}

/** What is left of one resource in a namespace. */
export interface RemainingContent {
  readonly count: number;
  /** Finalizers on the remaining objects, with how many objects carry each. */
  readonly finalizers: ReadonlyMap<string, number>;
}

/**
 * The narrow API of one workspace the namespace lifecycle controller needs (tests pass plain fakes). Methods
 * reject with an ApiError for unexpected answers and with network/abort errors as they come.
 */
export interface NamespaceContentApi {
  /** The namespace `name`, or undefined when it is gone (404). */
  getNamespace(name: string, signal?: AbortSignal): Promise<NamespaceObject | undefined>;
  /** Namespaced resources of the preferred version of every served group (kube's discovery for deletion). */
  namespacedResources(signal?: AbortSignal): Promise<NamespacedResource[]>;
  /** DELETE on the collection in the namespace, Background propagation; a resource gone since discovery is fine. */
  deleteCollection(resource: NamespacedResource, namespace: string, signal?: AbortSignal): Promise<void>;
  remaining(resource: NamespacedResource, namespace: string, signal?: AbortSignal): Promise<RemainingContent>;
  /** PUT namespaces/<n>/status: the updated namespace, or undefined when it is gone or changed meanwhile (404/409). */
  updateStatus(namespace: NamespaceObject, signal?: AbortSignal): Promise<NamespaceObject | undefined>;
  /** PUT namespaces/<n>/finalize: the updated namespace, or undefined when it is gone or changed meanwhile (404/409). */
  finalize(namespace: NamespaceObject, signal?: AbortSignal): Promise<NamespaceObject | undefined>;
}

// Bounds one list of remaining content: the controller needs a count and the finalizers, not every object.
const REMAINING_PAGE = 500;

function collectionPath(workspacePath: string, resource: NamespacedResource, namespace: string): string {
  const root = resource.groupVersion.includes('/') ? `/apis/${resource.groupVersion}` : `/api/${resource.groupVersion}`;
  return `${workspacePath}${root}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`;
}

interface DiscoveryResource {
  name: string;
  namespaced: boolean;
  verbs: string[];
}

/** A {@link NamespaceContentApi} over the apiserver for the workspace at `workspacePath` ("" = root). */
export function createNamespaceContentApi(apiServer: ApiServerClient, workspacePath = ''): NamespaceContentApi {
  async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    const res = await apiServer.request({ method: 'GET', path: `${workspacePath}${path}`, signal });
    if (res.status !== 200) throw toApiError(res);
    return res.body as T;
  }
  async function resourcesOf(groupVersion: string, signal?: AbortSignal): Promise<NamespacedResource[]> {
    const path = groupVersion.includes('/') ? `/apis/${groupVersion}` : `/api/${groupVersion}`;
    const list = await getJson<{ resources?: DiscoveryResource[] }>(path, signal);
    return (list.resources ?? [])
      .filter((r) => r.namespaced && !r.name.includes('/') && r.verbs.includes('list'))
      .map((r) => ({ groupVersion, plural: r.name, verbs: r.verbs }));
  }
  async function putNamespace(sub: 'status' | 'finalize', ns: NamespaceObject, signal?: AbortSignal): Promise<NamespaceObject | undefined> {
    const res = await apiServer.request({
      method: 'PUT',
      path: `${workspacePath}/api/v1/namespaces/${encodeURIComponent(ns.metadata.name)}/${sub}`,
      body: ns,
      signal,
    });
    if (res.status === 404 || res.status === 409) return undefined;
    if (res.status !== 200) throw toApiError(res);
    return res.body as NamespaceObject;
  }
  return {
    async getNamespace(name, signal) {
      const res = await apiServer.request({ method: 'GET', path: `${workspacePath}/api/v1/namespaces/${encodeURIComponent(name)}`, signal });
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw toApiError(res);
      return res.body as NamespaceObject;
    },
    async namespacedResources(signal) {
      const core = await getJson<{ versions?: string[] }>('/api', signal);
      const groups = await getJson<{ groups?: { preferredVersion?: { groupVersion?: string } }[] }>('/apis', signal);
      const versions = [
        ...(core.versions ?? []),
        ...(groups.groups ?? []).map((g) => g.preferredVersion?.groupVersion).filter((v): v is string => !!v),
      ];
      const out: NamespacedResource[] = [];
      for (const gv of versions) out.push(...(await resourcesOf(gv, signal)));
      return out;
    },
    async deleteCollection(resource, namespace, signal) {
      const res = await apiServer.request({
        method: 'DELETE',
        path: collectionPath(workspacePath, resource, namespace),
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
        signal,
      });
      if (res.status !== 200 && res.status !== 404) throw toApiError(res);
    },
    async remaining(resource, namespace, signal) {
      const res = await apiServer.request({ method: 'GET', path: `${collectionPath(workspacePath, resource, namespace)}?limit=${REMAINING_PAGE}`, signal });
      if (res.status === 404) return { count: 0, finalizers: new Map() };
      if (res.status !== 200) throw toApiError(res);
      const list = res.body as { items?: { metadata?: { finalizers?: string[] } }[]; metadata?: { remainingItemCount?: number } };
      const items = list.items ?? [];
      const finalizers = new Map<string, number>();
      for (const item of items) for (const f of item.metadata?.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
      return { count: items.length + (list.metadata?.remainingItemCount ?? 0), finalizers };
    },
    updateStatus: (ns, signal) => putNamespace('status', ns, signal),
    finalize: (ns, signal) => putNamespace('finalize', ns, signal),
  };
}
