import { Registry, Counter } from 'prom-client';
import { startObservabilityServer } from './observability-server';
import type { ObservabilityServer } from './observability-server';

describe('observability server', () => {
  let server: ObservabilityServer | undefined;
  let etcdHealthy = true;
  let shuttingDown = false;

  beforeAll(async () => {
    const registry = new Registry();
    new Counter({ name: 'test_things_total', help: 'things', registers: [registry] }).inc(3);
    server = await startObservabilityServer({
      port: 0,
      host: '127.0.0.1',
      registry,
      readyChecks: {
        etcd: async () => {
          if (!etcdHealthy) throw new Error('etcd down');
        },
      },
      isShuttingDown: () => shuttingDown,
      checkTimeoutMs: 200,
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${server!.port}${path}`);
    return { status: res.status, body: await res.text() };
  };

  it('answers ok on /livez and /readyz when every check passes', async () => {
    expect(await get('/livez')).toEqual({ status: 200, body: 'ok' });
    expect(await get('/readyz')).toEqual({ status: 200, body: 'ok' });
  });

  it('lists each check with ?verbose, kube style', async () => {
    const { status, body } = await get('/readyz?verbose');
    expect(status).toBe(200);
    expect(body).toBe('[+]ping ok\n[+]etcd ok\n[+]shutdown ok\nreadyz check passed\n');
  });

  it('fails /readyz with 500 and withholds the reason when a check fails', async () => {
    etcdHealthy = false;
    try {
      const { status, body } = await get('/readyz');
      expect(status).toBe(500);
      expect(body).toContain('[-]etcd failed: reason withheld');
      expect(body).toContain('readyz check failed');
      expect(body).not.toContain('etcd down');
      expect((await get('/readyz?exclude=etcd')).status).toBe(200);
      expect((await get('/readyz/etcd')).status).toBe(500);
      expect((await get('/livez')).status).toBe(200);
    } finally {
      etcdHealthy = true;
    }
  });

  it('fails readiness while shutting down', async () => {
    shuttingDown = true;
    try {
      expect((await get('/readyz')).status).toBe(500);
    } finally {
      shuttingDown = false;
    }
  });

  it('serves one check by name and 404 for an unknown one', async () => {
    expect(await get('/readyz/etcd')).toEqual({ status: 200, body: 'ok' });
    expect((await get('/readyz/nope')).status).toBe(404);
  });

  it('serves the registry on /metrics in Prometheus text format', async () => {
    const { status, body } = await get('/metrics');
    expect(status).toBe(200);
    expect(body).toContain('test_things_total 3');
  });
});
