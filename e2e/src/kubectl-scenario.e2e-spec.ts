import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Stack } from '@strata/testing';
import { kubectl, kubectlOk } from './support/kubectl';
import { apiRequest } from './support/api-request';
import { createReadyWorkspace } from './support/workspaces';

describe('kubectl scenario e2e (real etcd, real processes, real kubectl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-e2e-'));
  const cacheDir = join(dir, 'kube-cache');
  let stack: Stack | undefined;
  const k = (...args: string[]) => kubectlOk(stack!.kubeconfigPath, cacheDir, args);
  const teamA = () => `--server=${stack!.server}/clusters/root:team-a`;

  beforeAll(async () => {
    stack = await Stack.start({ dataDir: join(dir, 'data') });
    mkdirSync(cacheDir, { recursive: true });
    await createReadyWorkspace(stack.kubeconfigPath, cacheDir, stack.server, 'team-a');
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the workspace-controller has created the default namespace of root', async () => {
    const out = await k('get', 'namespace', 'default', '-o', 'jsonpath={.metadata.name}');
    expect(out).toBe('default');
  });

  it('creates, lists, reads and deletes a configmap in the root workspace', async () => {
    expect(await k('create', 'configmap', 'app', '--from-literal=a=1')).toContain('configmap/app created');

    const table = await k('get', 'configmaps');
    expect(table).toMatch(/^NAME\s+DATA\s+AGE/m);
    expect(table).toMatch(/^app\s+1\s+/m);

    const obj = parse(await k('get', 'cm', 'app', '-o', 'yaml'));
    expect(obj.kind).toBe('ConfigMap');
    expect(obj.metadata.name).toBe('app');
    expect(obj.metadata.namespace).toBe('default');
    expect(obj.data).toEqual({ a: '1' });

    expect(await k('delete', 'cm', 'app')).toContain('configmap "app" deleted');
    const gone = await kubectl(stack!.kubeconfigPath, cacheDir, ['get', 'cm', 'app']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('Error from server (NotFound): configmaps "app" not found');
  });

  it('keeps workspaces apart: a configmap in root:team-a is invisible in root and the other way round', async () => {
    expect(await k(teamA(), 'create', 'configmap', 'app', '--from-literal=a=2')).toContain('configmap/app created');
    await k('create', 'configmap', 'app', '--from-literal=a=1');

    expect(await k(teamA(), 'get', 'cm', 'app', '-o', 'jsonpath={.data.a}')).toBe('2');
    expect(await k('get', 'cm', 'app', '-o', 'jsonpath={.data.a}')).toBe('1');

    await k('delete', 'cm', 'app');
    expect(await k(teamA(), 'get', 'cm', 'app', '-o', 'jsonpath={.data.a}')).toBe('2');
    const rootGet = await kubectl(stack!.kubeconfigPath, cacheDir, ['get', 'cm', 'app']);
    expect(rootGet.stderr).toContain('configmaps "app" not found');

    const names = await k(teamA(), 'get', 'configmaps', '-o', 'jsonpath={.items[*].metadata.name}');
    expect(names.split(' ')).toEqual(['app']);
  });

  it('tells kubectl about an existing name with the Kubernetes message', async () => {
    await k(teamA(), 'create', 'configmap', 'dup', '--from-literal=x=1');
    const again = await kubectl(stack!.kubeconfigPath, cacheDir, [teamA(), 'create', 'configmap', 'dup', '--from-literal=x=1']);
    expect(again.code).not.toBe(0);
    // kubectl's create-configmap wraps the server's AlreadyExists message this way (as against kube-apiserver).
    expect(again.stderr).toContain('error: failed to create configmap: configmaps "dup" already exists');
  });

  describe('bad input gets a Kubernetes Status', () => {
    const path = '/api/v1/namespaces/default/configmaps';
    const status = (text: string) => JSON.parse(text) as { kind: string; status: string; reason: string; code: number; message: string };
    const send = (opts: { method: string; path: string; body?: string | Buffer; token?: string | null }) =>
      apiRequest(stack!.server, stack!.caPem, { ...opts, token: opts.token === null ? undefined : (opts.token ?? stack!.adminToken) });

    it('malformed JSON is 400 BadRequest', async () => {
      const res = await send({ method: 'POST', path, body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":' });
      expect(res.status).toBe(400);
      expect(status(res.text)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
    });

    it('an unknown path is 404 NotFound', async () => {
      const res = await send({ method: 'GET', path: '/api/v1/namespaces/default/nosuchresources' });
      expect(res.status).toBe(404);
      expect(status(res.text)).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    });

    it('a name that is not a DNS-1123 subdomain is 422 Invalid, also through kubectl', async () => {
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' }, data: { a: '1' } });
      const res = await send({ method: 'POST', path, body });
      expect(res.status).toBe(422);
      expect(status(res.text)).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422 });
      expect(status(res.text).message).toContain('ConfigMap "Bad_Name" is invalid');

      const viaKubectl = await kubectl(stack!.kubeconfigPath, cacheDir, ['create', 'configmap', 'Bad_Name', '--from-literal=a=1']);
      expect(viaKubectl.code).not.toBe(0);
      expect(viaKubectl.stderr).toContain('is invalid');
    });

    it('a body over 3 MiB is 413 RequestEntityTooLarge and nothing is written', async () => {
      const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024 + 1024) } });
      const res = await send({ method: 'POST', path, body: big });
      expect(res.status).toBe(413);
      expect(status(res.text)).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
      const after = await send({ method: 'GET', path: `${path}/big` });
      expect(after.status).toBe(404);
    });

    it('a request without a valid token is 401 Unauthorized', async () => {
      const res = await send({ method: 'GET', path, token: null });
      expect(res.status).toBe(401);
      expect(status(res.text)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    });

    it('the apiserver is still healthy after all of that', async () => {
      const res = await send({ method: 'GET', path: '/readyz', token: null });
      expect(res.status).toBe(200);
    });
  });
});
