import type { ApiRequest, ApiResponse, ApiServerClient } from '../../client/api-server-client';
import { GC_DISCOVERY_TTL_MS, createGarbageCollectorApi } from './garbage-collector-api';

/** An apiserver answering discovery only: core v1 with configmaps, and whatever groups `groups` holds. */
function discoveryServer(groups: Record<string, { name: string; kind: string }[]>) {
  const paths: string[] = [];
  const answer = (path: string): ApiResponse => {
    if (path === '/api') return { status: 200, body: { versions: ['v1'] } };
    if (path === '/api/v1') return { status: 200, body: { resources: [{ name: 'configmaps', kind: 'ConfigMap', namespaced: true, verbs: ['list', 'get'] }] } };
    if (path === '/apis') return { status: 200, body: { groups: Object.keys(groups).map((gv) => ({ preferredVersion: { groupVersion: gv } })) } };
    const gv = path.slice('/apis/'.length);
    if (groups[gv]) return { status: 200, body: { resources: groups[gv].map((r) => ({ ...r, namespaced: true, verbs: ['list'] })) } };
    return { status: 404, body: {} };
  };
  const apiServer = {
    request: async (req: ApiRequest) => {
      paths.push(req.path);
      return answer(req.path);
    },
  } as unknown as ApiServerClient;
  return { apiServer, paths };
}

describe('garbage collector api', () => {
  it('reuses discovery for GC_DISCOVERY_TTL_MS, then sees resources added since', async () => {
    const groups: Record<string, { name: string; kind: string }[]> = { 'apps/v1': [{ name: 'deployments', kind: 'Deployment' }] };
    const server = discoveryServer(groups);
    let now = 1_000_000;
    const api = createGarbageCollectorApi(server.apiServer, '', () => now);
    const plurals = async () => (await api.resources()).map((r) => r.plural).sort();
    expect(await plurals()).toEqual(['configmaps', 'deployments']);
    const discoveryRequests = server.paths.length;
    expect(discoveryRequests).toBe(4);
    groups['example.com/v1'] = [{ name: 'widgets', kind: 'Widget' }];
    now += GC_DISCOVERY_TTL_MS - 1;
    expect(await plurals()).toEqual(['configmaps', 'deployments']);
    expect(server.paths).toHaveLength(discoveryRequests);
    now += 1;
    expect(await plurals()).toEqual(['configmaps', 'deployments', 'widgets']);
    expect(server.paths).toHaveLength(2 * discoveryRequests + 1);
  });

  it('a failed discovery is not remembered: the next pass asks again', async () => {
    const server = discoveryServer({});
    let fail = true;
    const flaky = {
      request: async (req: ApiRequest) => (fail && req.path === '/apis' ? { status: 503, body: {} } : server.apiServer.request(req)),
    } as unknown as ApiServerClient;
    const api = createGarbageCollectorApi(flaky, '', () => 0);
    await expect(api.resources()).rejects.toThrow();
    fail = false;
    expect((await api.resources()).map((r) => r.plural)).toEqual(['configmaps']);
  });
});
