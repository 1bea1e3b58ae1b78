import { useDevApiServer } from '../../testing/dev-api-server';
import { ApiServerClient } from './api-server-client';

describe('ApiServerClient (integration, real apiserver app + etcd)', () => {
  const dev = useDevApiServer('strata-api-client-');

  const managerOf = async (client: ApiServerClient, name: string) => {
    const res = await client.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } } });
    expect(res.status).toBe(201);
    return (res.body as { metadata: { managedFields?: { manager?: string }[] } }).metadata.managedFields?.[0]?.manager;
  };

  it('sends its User-Agent, which the apiserver records as the field manager of its writes', async () => {
    expect(await managerOf(new ApiServerClient({ server: dev.url, userAgent: 'workspace-controller/v1' }), 'by-controller')).toBe('workspace-controller');
    expect(await managerOf(new ApiServerClient({ server: dev.url }), 'by-default')).toBe('strata-controller');
  });
});
