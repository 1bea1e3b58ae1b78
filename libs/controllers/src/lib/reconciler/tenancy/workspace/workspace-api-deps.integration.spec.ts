import { recordingClient, useDevApiServer } from '../../../../testing/dev-api-server';
import { createWorkspaceApiDeps, tenancyPrefixes } from './workspace-api-deps';

describe('workspace api deps: purge prefixes from discovery (integration, real apiserver app + etcd)', () => {
  const dev = useDevApiServer('strata-ws-deps-');

  /** Every resource of the legacy discovery walk (/api/v1, /apis, then each group version), as storage prefixes. */
  async function legacyPrefixes(clusterId: string): Promise<string[]> {
    const get = async <T>(path: string) => {
      const res = await dev.apiServer.request({ method: 'GET', path });
      expect(res.status).toBe(200);
      return res.body as T;
    };
    type Resources = { resources: { name: string }[] };
    const lists: [string, Resources][] = [['core', await get<Resources>('/api/v1')]];
    const groups = await get<{ groups: { name: string; versions: { groupVersion: string }[] }[] }>('/apis');
    for (const g of groups.groups) for (const v of g.versions) lists.push([g.name, await get<Resources>(`/apis/${v.groupVersion}`)]);
    return lists.flatMap(([group, list]) => list.resources.filter((r) => !r.name.includes('/')).map((r) => `/registry/${group}/${r.name}/${clusterId}/`));
  }

  it('names every resource the legacy discovery walk names from aggregated discovery, the LogicalCluster last; discovery is reused', async () => {
    const storage = {
      create: () => Promise.reject(new Error('not used')),
      createAll: () => Promise.reject(new Error('not used')),
      count: () => Promise.reject(new Error('not used')),
      deletePrefixes: () => Promise.reject(new Error('not used')),
    };
    const requests: string[] = [];
    const counting = recordingClient(dev.apiServer, requests);
    const deps = createWorkspaceApiDeps({ apiServer: counting, storage, externalUrl: 'https://strata.example:6443' });
    const prefixes = await deps.resourcePrefixes('root', new AbortController().signal);
    expect(requests).toEqual(['GET /api', 'GET /apis']);
    const { workspaces, logicalClusters } = tenancyPrefixes('root');
    expect(prefixes.at(-1)).toBe(logicalClusters);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(prefixes).toEqual(expect.arrayContaining(['/registry/core/configmaps/root/', '/registry/core/namespaces/root/', workspaces]));
    expect([...prefixes].sort()).toEqual([...new Set([...(await legacyPrefixes('root')), workspaces, logicalClusters])].sort());
    // Every workspace serves the same built-in resources and this server serves no CustomResourceDefinitions: the
    // next purges, of root or of any other workspace, ask nothing.
    requests.length = 0;
    expect(await deps.resourcePrefixes('root', new AbortController().signal)).toEqual(prefixes);
    const other = await deps.resourcePrefixes('c0ther', new AbortController().signal);
    expect(other).toEqual(prefixes.map((p) => p.replace(/\/root\/$/, '/c0ther/')));
    expect(requests).toEqual([]);
  });

  it('lists children only when the storage counts some under the workspace', async () => {
    const counted: string[] = [];
    let children = 0;
    const storage = {
      create: () => Promise.reject(new Error('not used')),
      createAll: () => Promise.reject(new Error('not used')),
      count: async (prefix: string) => {
        counted.push(prefix);
        return children;
      },
      deletePrefixes: () => Promise.reject(new Error('not used')),
    };
    const requests: string[] = [];
    const counting = recordingClient(dev.apiServer, requests);
    const deps = createWorkspaceApiDeps({ apiServer: counting, storage, externalUrl: 'https://strata.example:6443' });
    expect(await deps.listChildren('root', new AbortController().signal)).toEqual([]);
    expect(counted).toEqual([tenancyPrefixes('root').workspaces]);
    expect(requests).toEqual([]);
    children = 1;
    expect(await deps.listChildren('root', new AbortController().signal)).toEqual(expect.any(Array));
    expect(requests).toEqual(['GET /clusters/root/apis/tenancy.strata.dev/v1alpha1/workspaces']);
  });
});
