import { waitFor } from '@strata/testing';
import { useDevApiServer } from '../../../testing/dev-api-server';
import { NamespaceLifecycleController } from './namespace-lifecycle-controller';

describe('namespace lifecycle controller (integration, real apiserver app + etcd)', () => {
  const dev = useDevApiServer('strata-ns-lifecycle-');
  let controller: NamespaceLifecycleController | undefined;

  afterAll(async () => {
    await controller?.stop();
  });

  const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => dev.apiServer.request({ method, path, body });
  const cm = (name: string, finalizers?: string[]) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(finalizers ? { finalizers } : {}) }, data: { a: '1' } });

  it('empties a deleted namespace, waits for finalizers of its content, then the namespace is gone', async () => {
    expect((await request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })).status).toBe(201);
    expect((await request('POST', '/api/v1/namespaces/team/configmaps', cm('plain'))).status).toBe(201);
    expect((await request('POST', '/api/v1/namespaces/team/configmaps', cm('held', ['example.com/hold']))).status).toBe(201);
    expect((await request('POST', '/api/v1/namespaces/default/configmaps', cm('elsewhere'))).status).toBe(201);

    controller = new NamespaceLifecycleController({ connection: { server: dev.url }, requeueMs: 200 });
    controller.start();
    const deleted = await request('DELETE', '/api/v1/namespaces/team', { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ status: { phase: 'Terminating' } });

    // Content without finalizers goes; the held configmap is marked and reported in the conditions.
    await waitFor(async () => (await request('GET', '/api/v1/namespaces/team/configmaps/plain')).status === 404, 15_000, 'plain configmap deleted');
    await waitFor(async () => {
      const ns = (await request('GET', '/api/v1/namespaces/team')).body as { status?: { conditions?: { type: string; status: string; message?: string }[] } };
      return ns.status?.conditions?.some((c) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True') === true;
    }, 15_000, 'NamespaceFinalizersRemaining reported');
    const held = (await request('GET', '/api/v1/namespaces/team/configmaps/held')).body as { metadata: Record<string, unknown> };
    expect(held.metadata['deletionTimestamp']).toBeDefined();
    expect((await request('GET', '/api/v1/namespaces/team')).status).toBe(200);

    const released = await request('PUT', '/api/v1/namespaces/team/configmaps/held', { ...held, metadata: { ...held.metadata, finalizers: [] } });
    expect(released.status).toBe(200);
    await waitFor(async () => (await request('GET', '/api/v1/namespaces/team')).status === 404, 15_000, 'namespace removed');
    expect((await request('GET', '/api/v1/namespaces/default/configmaps/elsewhere')).status).toBe(200);
    // A namespace of the same name starts empty.
    expect((await request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })).status).toBe(201);
    expect(((await request('GET', '/api/v1/namespaces/team/configmaps')).body as { items: unknown[] }).items).toEqual([]);
  }, 60_000);
});
