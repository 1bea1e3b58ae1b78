import { createReadyWorkspace } from '../testing/ready-workspace';
import { TEST_TOKEN, startTestApiServer } from '../testing/test-api-server';
import type { TestApiServer } from '../testing/test-api-server';

// Responses are arbitrary JSON checked field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('apiserver app (integration, real etcd)', () => {
  let server: TestApiServer;

  beforeAll(async () => {
    server = await startTestApiServer();
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ code: number; json: Json; headers: Headers }> {
    const res = await fetch(server.url + path, {
      method,
      headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { code: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  const cm = (name: string, data: Record<string, string> = { a: '1' }, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...extra },
    data,
  });

  it('creates, gets, updates and deletes a configmap with kube semantics', async () => {
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', cm('crud'));
    expect(created.code).toBe(201);
    expect(created.json.metadata).toMatchObject({ name: 'crud', namespace: 'default' });
    expect(created.json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(created.json.metadata.resourceVersion)).toBeGreaterThan(0);

    const got = await call('GET', '/api/v1/namespaces/default/configmaps/crud');
    expect(got.json).toEqual(created.json);

    const again = await call('POST', '/api/v1/namespaces/default/configmaps', cm('crud'));
    expect(again.code).toBe(409);
    expect(again.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'AlreadyExists', message: 'configmaps "crud" already exists', code: 409 });

    const updated = await call('PUT', '/api/v1/namespaces/default/configmaps/crud', { ...created.json, data: { a: '2' } });
    expect(updated.code).toBe(200);
    expect(updated.json.data).toEqual({ a: '2' });
    expect(updated.json.metadata.uid).toBe(created.json.metadata.uid);
    expect(Number(updated.json.metadata.resourceVersion)).toBeGreaterThan(Number(created.json.metadata.resourceVersion));

    const stale = await call('PUT', '/api/v1/namespaces/default/configmaps/crud', { ...created.json, data: { a: '3' } });
    expect(stale.code).toBe(409);
    expect(stale.json.reason).toBe('Conflict');
    expect(stale.json.message).toBe(
      'Operation cannot be fulfilled on configmaps "crud": the object has been modified; please apply your changes to the latest version and try again',
    );

    const noop = await call('PUT', '/api/v1/namespaces/default/configmaps/crud', updated.json);
    expect(noop.json.metadata.resourceVersion).toBe(updated.json.metadata.resourceVersion);

    const mismatch = await call('PUT', '/api/v1/namespaces/default/configmaps/crud', cm('other'));
    expect(mismatch.code).toBe(400);
    expect(mismatch.json.message).toBe('the name of the object (other) does not match the name on the URL (crud)');

    const deleted = await call('DELETE', '/api/v1/namespaces/default/configmaps/crud');
    expect(deleted.code).toBe(200);
    expect(deleted.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'crud', kind: 'configmaps', uid: created.json.metadata.uid },
    });
    const gone = await call('GET', '/api/v1/namespaces/default/configmaps/crud');
    expect(gone.code).toBe(404);
    expect(gone.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "crud" not found',
      reason: 'NotFound',
      details: { name: 'crud', kind: 'configmaps' },
      code: 404,
    });
  });

  it('answers bad input with the right Status and stores nothing', async () => {
    const bad = await call('POST', '/api/v1/namespaces/default/configmaps', cm('Bad_Name'));
    expect(bad.code).toBe(422);
    expect(bad.json.reason).toBe('Invalid');
    expect(bad.json.message).toMatch(/^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(bad.json.details.causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });

    expect((await call('POST', '/api/v1/namespaces/default/configmaps', '{"kind": ')).code).toBe(400);
    expect((await call('GET', '/api/v1/nothing')).json).toMatchObject({ code: 404, message: 'the server could not find the requested resource' });
    expect((await call('GET', '/nowhere')).code).toBe(404);
    const huge = await call('POST', '/api/v1/namespaces/default/configmaps', cm('huge', { a: 'x'.repeat(3 * 1024 * 1024 + 10) }));
    expect(huge.code).toBe(413);
    expect(huge.json.reason).toBe('RequestEntityTooLarge');
    const tooBig = await call('POST', '/api/v1/namespaces/default/configmaps', cm('big', { a: 'x'.repeat(1024 * 1024 + 1) }));
    expect(tooBig.code).toBe(422);
    const media = await call('POST', '/api/v1/namespaces/default/configmaps', cm('m'), { 'Content-Type': 'text/plain' });
    expect(media.code).toBe(415);
    const wrongKind = await call('POST', '/api/v1/namespaces/default/configmaps', { ...cm('k'), kind: 'Secret' });
    expect(wrongKind.code).toBe(400);
    const key = await call('POST', '/api/v1/namespaces/default/configmaps', cm('key', { 'bad key': 'v' }));
    expect(key.code).toBe(422);
    expect(key.json.details.causes[0].field).toBe('data[bad key]');
    const missingNs = await call('POST', '/api/v1/namespaces/missing/configmaps', cm('x'));
    expect(missingNs.json).toMatchObject({ code: 404, message: 'namespaces "missing" not found' });
    const strict = await call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { ...cm('s'), foo: 1 });
    expect(strict.code).toBe(400);
    expect(strict.json.message).toBe('strict decoding error: unknown field "foo"');
    const warn = await call('POST', '/api/v1/namespaces/default/configmaps', { ...cm('w'), foo: 1 });
    expect(warn.code).toBe(201);
    expect(warn.headers.get('warning')).toBe('299 - "unknown field \\"foo\\""');
    expect(warn.json.foo).toBeUndefined();
    const dry = await call('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', cm('dry'));
    expect(dry.code).toBe(201);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/dry')).code).toBe(404);

    const list = await call('GET', '/api/v1/namespaces/default/configmaps');
    expect(list.json.items.map((i: Json) => i.metadata.name)).toEqual(['w']);
    const unauth = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`);
    expect(unauth.status).toBe(401);
    expect(await unauth.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('keeps workspaces isolated', async () => {
    await createReadyWorkspace(server.url, 'root', 'team-a');
    await createReadyWorkspace(server.url, 'root', 'team-ab');
    expect((await call('POST', '/api/v1/namespaces/default/configmaps', cm('iso'))).code).toBe(201);
    expect((await call('GET', '/clusters/root:team-a/api/v1/namespaces/default/configmaps/iso')).code).toBe(404);
    expect((await call('POST', '/clusters/root:team-a/api/v1/namespaces/default/configmaps', cm('iso', { b: '2' }))).code).toBe(201);
    const teamA = await call('GET', '/clusters/root:team-a/api/v1/configmaps');
    expect(teamA.json.items.map((i: Json) => i.data)).toEqual([{ b: '2' }]);
    const teamAb = await call('GET', '/clusters/root:team-ab/api/v1/configmaps');
    expect(teamAb.json.items).toEqual([]);
    expect((await call('GET', '/clusters/Bad!/api/v1/configmaps')).code).toBe(404);
  });

  it('paginates and selects', async () => {
    await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pages' } });
    for (const n of ['p1', 'p2', 'p3']) {
      await call('POST', '/api/v1/namespaces/pages/configmaps', cm(n, { a: '1' }, { labels: { tier: n === 'p2' ? 'web' : 'db' } }));
    }
    const page1 = await call('GET', '/api/v1/namespaces/pages/configmaps?limit=2');
    expect(page1.json.items.map((i: Json) => i.metadata.name)).toEqual(['p1', 'p2']);
    expect(page1.json.metadata.continue).toBeTruthy();
    const page2 = await call('GET', `/api/v1/namespaces/pages/configmaps?limit=2&continue=${page1.json.metadata.continue}`);
    expect(page2.json.items.map((i: Json) => i.metadata.name)).toEqual(['p3']);
    expect(page2.json.metadata.continue).toBeUndefined();
    const web = await call('GET', '/api/v1/namespaces/pages/configmaps?labelSelector=tier%3Dweb');
    expect(web.json.items.map((i: Json) => i.metadata.name)).toEqual(['p2']);
    const byName = await call('GET', '/api/v1/configmaps?fieldSelector=metadata.name%3Dp3');
    expect(byName.json.items.map((i: Json) => i.metadata.name)).toEqual(['p3']);
    expect((await call('GET', '/api/v1/configmaps?fieldSelector=data.a%3D1')).json.message).toBe('field label "data.a" not supported for "ConfigMap"');
    expect((await call('GET', '/api/v1/configmaps?labelSelector=%3D%3D')).code).toBe(400);
  });

  it('serves Tables and discovery for kubectl', async () => {
    const table = await call('GET', '/api/v1/namespaces/pages/configmaps?limit=500', undefined, { Accept: TABLE_ACCEPT });
    expect(table.json.kind).toBe('Table');
    expect(table.json.columnDefinitions.map((c: Json) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(table.json.rows[0].cells.slice(0, 2)).toEqual(['p1', 1]);
    expect(table.json.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' });
    const ns = await call('GET', '/api/v1/namespaces/pages', undefined, { Accept: TABLE_ACCEPT });
    expect(ns.json.columnDefinitions.map((c: Json) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(ns.json.rows[0].cells.slice(0, 2)).toEqual(['pages', 'Active']);
    const resources = await call('GET', '/api/v1');
    expect(resources.json.resources).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'configmaps', shortNames: ['cm'], namespaced: true, kind: 'ConfigMap' })]),
    );
    expect((await call('GET', '/version')).json.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    expect((await call('GET', '/api')).json.versions).toEqual(['v1']);
  });

  it('streams watch events line by line', async () => {
    const list = await call('GET', '/api/v1/namespaces/pages/configmaps');
    const abort = new AbortController();
    const res = await fetch(
      `${server.url}/api/v1/namespaces/pages/configmaps?watch=1&resourceVersion=${list.json.metadata.resourceVersion}&timeoutSeconds=10`,
      { headers: { Authorization: `Bearer ${TEST_TOKEN}` }, signal: abort.signal },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const reader = res.body!.getReader();
    const created = await call('POST', '/api/v1/namespaces/pages/configmaps', cm('watched'));
    await call('DELETE', '/api/v1/namespaces/pages/configmaps/watched');
    let buffered = '';
    const lines: Json[] = [];
    while (lines.length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += Buffer.from(value).toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      lines.push(...parts.filter((l) => l).map((l) => JSON.parse(l)));
    }
    abort.abort();
    expect(lines.map((l) => l.type)).toEqual(['ADDED', 'DELETED']);
    expect(lines[0].object.metadata).toMatchObject({ name: 'watched', resourceVersion: created.json.metadata.resourceVersion });
  });

  it('records request metrics without object names', async () => {
    const text = await server.metrics.metrics();
    expect(text).toMatch(/apiserver_request_total\{[^}]*verb="POST"[^}]*resource="configmaps"[^}]*code="201"/);
    expect(text).not.toContain('team-a');
    expect(text).not.toContain('crud');
  });
});
