import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { waitFor } from '@strata/testing';
import { ApiServerClient } from '../../client/api-server-client';
import { NamespaceLifecycleController } from './namespace-lifecycle-controller';

// The controllers layer may not import the apiserver, so the real app (over a real etcd) runs as a child process:
// the endpoints' dev-server script, bundled with esbuild (dependencies stay in node_modules).
const ROOT = resolve(__dirname, '../../../../../..');

async function startDevServer(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  const outfile = join(dir, 'dev-server.js');
  await build({
    entryPoints: [join(ROOT, 'libs/endpoints/scripts/dev-server.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    external: [...Object.keys(pkg['dependencies'] ?? {}), ...Object.keys(pkg['devDependencies'] ?? {})],
    logLevel: 'silent',
  });
  const child = spawn(process.execPath, [outfile], {
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dev server did not start: ${out}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /--server (http:\/\/[0-9.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev server exited with ${code}: ${out}`));
    });
  });
  return { url, child };
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

describe('namespace lifecycle controller (integration, real apiserver app + etcd)', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let apiServer: ApiServerClient;
  let controller: NamespaceLifecycleController | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-ns-lifecycle-'));
    const started = await startDevServer(dir);
    child = started.child;
    apiServer = new ApiServerClient({ server: started.url });
  }, 90_000);

  afterAll(async () => {
    await controller?.stop();
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => apiServer.request({ method, path, body });
  const cm = (name: string, finalizers?: string[]) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(finalizers ? { finalizers } : {}) }, data: { a: '1' } });

  it('empties a deleted namespace, waits for finalizers of its content, then the namespace is gone', async () => {
    expect((await request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })).status).toBe(201);
    expect((await request('POST', '/api/v1/namespaces/team/configmaps', cm('plain'))).status).toBe(201);
    expect((await request('POST', '/api/v1/namespaces/team/configmaps', cm('held', ['example.com/hold']))).status).toBe(201);
    expect((await request('POST', '/api/v1/namespaces/default/configmaps', cm('elsewhere'))).status).toBe(201);

    controller = new NamespaceLifecycleController({ apiServer, requeueMs: 200 });
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
