import type { ApiServerClient } from '../../client/api-server-client';
import { toApiError } from '../../client/api-server-client';

/** The narrow namespace API the root-workspace reconciler needs; tests pass plain fakes. */
export interface NamespaceApi {
  /** Resolves with the namespace, or undefined when it does not exist; rejects on any other failure. */
  get(name: string, signal?: AbortSignal): Promise<unknown | undefined>;
  /** Creates the namespace; resolves 'exists' when someone created it first (409 AlreadyExists). */
  create(name: string, signal?: AbortSignal): Promise<'created' | 'exists'>;
}

/**
 * A {@link NamespaceApi} over the apiserver at `workspacePath` ("" for the root workspace,
 * "/clusters/<name>" for another). Rejects with an ApiError for an unexpected status.
 */
export function createNamespaceApi(apiServer: ApiServerClient, workspacePath = ''): NamespaceApi {
  return {
    async get(name, signal) {
      const res = await apiServer.request({ method: 'GET', path: `${workspacePath}/api/v1/namespaces/${encodeURIComponent(name)}`, signal });
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw toApiError(res);
      return res.body;
    },
    async create(name, signal) {
      const res = await apiServer.request({
        method: 'POST',
        path: `${workspacePath}/api/v1/namespaces`,
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        signal,
      });
      if (res.status === 409) return 'exists';
      if (res.status !== 201 && res.status !== 200) throw toApiError(res);
      return 'created';
    },
  };
}
