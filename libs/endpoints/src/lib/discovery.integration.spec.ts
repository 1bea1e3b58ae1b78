import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApiServer } from '../testing/test-api-server';
import type { TestApiServer } from '../testing/test-api-server';

// Responses are arbitrary JSON checked field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const CLIENT_GO_ACCEPT = `${V2},application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json`;
const run = promisify(execFile);

describe('discovery and OpenAPI v3 (integration, real etcd)', () => {
  let server: TestApiServer;
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'strata-discovery-'));
    // kubectl sends no bearer token over plain HTTP, so this server admits token-less requests.
    server = await startTestApiServer({ allowNoToken: true });
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<{ code: number; json: Json; headers: Headers }> {
    const res = await fetch(server.url + path, { headers, redirect: 'manual' });
    const text = await res.text();
    return { code: res.status, json: text && res.status === 200 ? JSON.parse(text) : undefined, headers: res.headers };
  }

  async function kubectl(...args: string[]): Promise<string> {
    const kubeconfig = join(tmp, 'kubeconfig');
    await writeFile(kubeconfig, '');
    const { stdout } = await run('kubectl', ['--server', `${server.url}/clusters/root`, '--cache-dir', join(tmp, 'cache'), ...args], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
    });
    return stdout;
  }

  it('answers /apis as aggregated discovery v2 with kube media type, ETag and 304', async () => {
    const res = await get('/apis', { Accept: CLIENT_GO_ACCEPT });
    expect(res.code).toBe(200);
    expect(res.headers.get('content-type')).toBe(V2);
    expect(res.headers.get('vary')).toBe('Accept');
    expect(res.headers.get('cache-control')).toBe('public');
    expect(res.json.kind).toBe('APIGroupDiscoveryList');
    expect(res.json.apiVersion).toBe('apidiscovery.k8s.io/v2');
    const coordination = res.json.items.find((g: Json) => g.metadata.name === 'coordination.k8s.io');
    expect(coordination.versions[0]).toEqual({
      version: 'v1',
      freshness: 'Current',
      resources: [
        expect.objectContaining({
          resource: 'leases',
          responseKind: { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
          scope: 'Namespaced',
          singularResource: 'lease',
          verbs: expect.arrayContaining(['create', 'get', 'list', 'watch']),
        }),
      ],
    });
    expect(res.json.items.some((g: Json) => g.metadata.name === '')).toBe(false);

    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9A-F]{128}"$/);
    const again = await get('/apis', { Accept: CLIENT_GO_ACCEPT, 'If-None-Match': etag });
    expect(again.code).toBe(304);
    expect((await get('/apis', { Accept: CLIENT_GO_ACCEPT, 'If-None-Match': '"stale"' })).code).toBe(200);
  });

  it('answers /api of a workspace with the core group and legacy discovery for plain JSON', async () => {
    const core = await get('/clusters/root/api', { Accept: CLIENT_GO_ACCEPT });
    expect(core.headers.get('content-type')).toBe(V2);
    expect(core.json.items).toHaveLength(1);
    expect(core.json.items[0].metadata.name).toBeUndefined();
    const cm = core.json.items[0].versions[0].resources.find((r: Json) => r.resource === 'configmaps');
    expect(cm).toEqual(expect.objectContaining({ responseKind: { group: '', version: 'v1', kind: 'ConfigMap' }, scope: 'Namespaced', shortNames: ['cm'] }));

    const legacy = await get('/clusters/root/apis', { Accept: 'application/json' });
    expect(legacy.headers.get('content-type')).toBe('application/json');
    expect(legacy.json.kind).toBe('APIGroupList');
    expect(legacy.headers.get('etag')).not.toBe((await get('/clusters/root/apis', { Accept: CLIENT_GO_ACCEPT })).headers.get('etag'));
    expect((await get('/api', { Accept: 'application/json' })).json).toEqual(expect.objectContaining({ kind: 'APIVersions', versions: ['v1'] }));
    expect((await get('/apis', { Accept: 'application/vnd.kubernetes.protobuf' })).code).toBe(406);
  });

  it('serves an OpenAPI v3 document for every served group/version with the GVK of every discovered kind', async () => {
    const root = await get('/clusters/root/openapi/v3');
    expect(root.code).toBe(200);
    const groups = [(await get('/api', { Accept: V2 })).json, (await get('/apis', { Accept: V2 })).json].flatMap((l) => l.items);
    for (const group of groups) {
      for (const version of group.versions) {
        const gv = group.metadata.name ? `apis/${group.metadata.name}/${version.version}` : `api/${version.version}`;
        const url: string = root.json.paths[gv].serverRelativeURL;
        expect(url).toMatch(new RegExp(`^/clusters/root/openapi/v3/${gv.replace(/\./g, '\\.')}\\?hash=[0-9A-F]{128}$`));
        const doc = await get(url);
        expect(doc.headers.get('cache-control')).toBe('public, immutable');
        const schemaKinds = Object.values(doc.json.components.schemas).flatMap((s: Json) => s['x-kubernetes-group-version-kind'] ?? []);
        const opKinds = Object.values(doc.json.paths).flatMap((p: Json) => Object.values(p).map((o: Json) => o['x-kubernetes-group-version-kind']));
        for (const r of version.resources) {
          expect(schemaKinds).toContainEqual(r.responseKind);
          expect(opKinds).toContainEqual(r.responseKind);
          const patch = Object.values(doc.json.paths).map((p: Json) => p.patch).find((o: Json) => o && JSON.stringify(o['x-kubernetes-group-version-kind']) === JSON.stringify(r.responseKind));
          expect([r.resource, patch !== undefined]).toEqual([r.resource, r.verbs.includes('patch')]);
          if (patch) expect(patch.parameters.map((p: Json) => p.name)).toContain('fieldValidation');
        }
      }
    }
  });

  it('redirects a stale hash like kube, answers 304 to a matching ETag and 404 to an unknown group/version', async () => {
    const root = await get('/openapi/v3');
    const url: string = root.json.paths['api/v1'].serverRelativeURL;
    const stale = await get('/openapi/v3/api/v1?hash=0123');
    expect(stale.code).toBe(301);
    expect(stale.headers.get('location')).toBe(url);
    const doc = await get(url);
    expect(doc.headers.get('etag')).toBe(`"${url.split('hash=')[1]}"`);
    expect(new Date(doc.headers.get('expires') ?? '').getTime()).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);
    expect((await get(url, { 'If-None-Match': doc.headers.get('etag') ?? '' })).code).toBe(304);
    expect((await get('/openapi/v3/apis/apps/v1')).code).toBe(404);
    expect((await get('/openapi/v2')).code).toBe(404);
  });

  it('lets the real kubectl list resources and versions and explain fields', async () => {
    const resources = await kubectl('api-resources');
    expect(resources.split('\n')[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND\s*$/);
    expect(resources).toMatch(/^configmaps\s+cm\s+v1\s+true\s+ConfigMap\s*$/m);
    expect(resources).toMatch(/^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease\s*$/m);
    expect(resources).toMatch(/^clusterroles\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRole\s*$/m);
    const versions = (await kubectl('api-versions')).trim().split('\n');
    expect(versions).toEqual(expect.arrayContaining(['v1', 'coordination.k8s.io/v1', 'events.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'authentication.k8s.io/v1']));
    const explain = await kubectl('explain', 'configmap.data');
    expect(explain).toContain('FIELD: data <map[string]string>');
    expect(explain).toContain('Data contains the configuration data.');
    const recursive = await kubectl('explain', 'rolebinding', '--recursive');
    expect(recursive).toMatch(/roleRef\s+<RoleRef> -required-/);
  }, 60_000);
});
