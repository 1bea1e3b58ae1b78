import { TEST_TOKEN, startTestApiServer } from '../testing/test-api-server';
import type { TestApiServer } from '../testing/test-api-server';

// Responses are arbitrary JSON checked field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const CM = '/api/v1/namespaces/default/configmaps';

describe('PATCH and server-side apply (integration, real etcd)', () => {
  let server: TestApiServer;

  beforeAll(async () => {
    server = await startTestApiServer();
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ code: number; json: Json; headers: Headers }> {
    const res = await fetch(server.url + path, {
      method,
      headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': contentType, 'User-Agent': 'kubectl/v1.32.0 (linux/amd64) kubernetes/abc' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { code: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  const create = async (name: string, data: Record<string, string>, manager = 'kubectl-create', labels?: Record<string, string>) => {
    const res = await call('POST', `${CM}?fieldManager=${manager}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });
    expect(res.code).toBe(201);
    return res.json;
  };
  const managers = (obj: Json) => Object.fromEntries((obj.metadata.managedFields ?? []).map((e: Json) => [`${e.manager}/${e.operation}`, e.fieldsV1]));

  it('records managedFields for create and update, with the User-Agent as default manager', async () => {
    const created = await create('mf', { a: '1' });
    expect(created.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } }),
    ]);
    expect(created.metadata.managedFields[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const updated = await call('PUT', `${CM}/mf`, { ...created, data: { a: '1', b: '2' } });
    expect(updated.code).toBe(200);
    expect(managers(updated.json)).toEqual({ 'kubectl-create/Update': { 'f:data': { '.': {}, 'f:a': {} } }, 'kubectl/Update': { 'f:data': { 'f:b': {} } } });
  });

  it('applies a JSON patch, answers 422 for a failed test op and 400 for a malformed patch', async () => {
    await create('jp', { a: '1' });
    const ok = await call('PATCH', `${CM}/jp?fieldManager=kubectl-patch`, [{ op: 'test', path: '/data/a', value: '1' }, { op: 'add', path: '/data/b', value: '2' }], 'application/json-patch+json');
    expect(ok.code).toBe(200);
    expect(ok.json.data).toEqual({ a: '1', b: '2' });
    expect(managers(ok.json)['kubectl-patch/Update']).toEqual({ 'f:data': { 'f:b': {} } });

    const failed = await call('PATCH', `${CM}/jp`, [{ op: 'test', path: '/data/a', value: 'nope' }], 'application/json-patch+json');
    expect(failed.code).toBe(422);
    expect(failed.json).toMatchObject({ kind: 'Status', reason: 'Invalid', message: 'the server rejected our request due to an error in our request' });
    const malformed = await call('PATCH', `${CM}/jp`, '{"op":', 'application/json-patch+json');
    expect(malformed.code).toBe(400);
    expect(malformed.json.message).toMatch(/^error decoding patch: /);
    expect((await call('GET', `${CM}/jp`)).json.data).toEqual({ a: '1', b: '2' });
  });

  it('applies merge patches (null deletes) and strategic merge patches (finalizers merge as a set)', async () => {
    await create('mp', { a: '1', b: '2' }, 'kubectl-create', { x: '1' });
    const merged = await call('PATCH', `${CM}/mp?fieldManager=kubectl-label`, { metadata: { labels: { x: null, y: '2' } }, data: { b: null } }, 'application/merge-patch+json');
    expect(merged.code).toBe(200);
    expect(merged.json.metadata.labels).toEqual({ y: '2' });
    expect(merged.json.data).toEqual({ a: '1' });

    await call('PATCH', `${CM}/mp`, { metadata: { finalizers: ['example.com/a'] } }, 'application/strategic-merge-patch+json');
    const smp = await call('PATCH', `${CM}/mp`, { metadata: { finalizers: ['example.com/b'] } }, 'application/strategic-merge-patch+json');
    expect(smp.code).toBe(200);
    expect(smp.json.metadata.finalizers).toEqual(['example.com/a', 'example.com/b']);
    const del = await call('PATCH', `${CM}/mp`, { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/a', 'example.com/b'] } }, 'application/strategic-merge-patch+json');
    expect(del.code).toBe(200);
    expect(del.json.metadata.finalizers ?? []).toEqual([]);
    const bad = await call('PATCH', `${CM}/mp`, { metadata: { '$deleteFromPrimitiveList/finalizers': 'x' } }, 'application/strategic-merge-patch+json');
    expect(bad.code).toBe(400);
    expect(bad.json.message).toBe('invalid patch format of primitive list');
  });

  it('answers 404 for a non-apply patch of a missing object and 415 for other content types', async () => {
    const missing = await call('PATCH', `${CM}/nope`, { data: { a: '1' } }, 'application/merge-patch+json');
    expect(missing.code).toBe(404);
    expect(missing.json.message).toBe('configmaps "nope" not found');
    const unsupported = await call('PATCH', `${CM}/nope`, { data: {} }, 'application/json');
    expect(unsupported.code).toBe(415);
    expect(unsupported.json).toMatchObject({
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    });
  });

  it('validates PatchOptions like kube (fieldManager required for apply, force only for apply)', async () => {
    const noManager = await call('PATCH', `${CM}/x`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n', 'application/apply-patch+yaml');
    expect(noManager.code).toBe(422);
    expect(noManager.json.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const force = await call('PATCH', `${CM}/x?force=true`, { data: {} }, 'application/merge-patch+json');
    expect(force.code).toBe(422);
    expect(force.json.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });

  it('server-side apply creates if absent, conflicts with other managers, takes over with force, prunes removed fields', async () => {
    const apply = (data: Record<string, string>, manager: string, force = false) =>
      call(
        'PATCH',
        `${CM}/ssa?fieldManager=${manager}${force ? '&force=true' : ''}`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`).join('\n')}\n`,
        'application/apply-patch+yaml',
      );
    const created = await apply({ a: '1', b: '2' }, 'kubectl');
    expect(created.code).toBe(201);
    expect(created.json.data).toEqual({ a: '1', b: '2' });
    expect(managers(created.json)).toEqual({ 'kubectl/Apply': { 'f:data': { 'f:a': {}, 'f:b': {} } } });

    const other = await call('PATCH', `${CM}/ssa?fieldManager=kubectl-client-side-apply`, { data: { a: 'theirs' } }, 'application/merge-patch+json');
    expect(other.code).toBe(200);
    const conflict = await apply({ a: 'mine', b: '2' }, 'kubectl');
    expect(conflict.code).toBe(409);
    expect(conflict.json).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using v1', field: '.data.a' }] },
    });
    const forced = await apply({ a: 'mine', b: '2' }, 'kubectl', true);
    expect(forced.code).toBe(200);
    expect(forced.json.data).toEqual({ a: 'mine', b: '2' });
    expect(managers(forced.json)).toEqual({ 'kubectl/Apply': { 'f:data': { 'f:a': {}, 'f:b': {} } } });

    const pruned = await apply({ a: 'mine' }, 'kubectl');
    expect(pruned.code).toBe(200);
    expect(pruned.json.data).toEqual({ a: 'mine' });

    const noop = await apply({ a: 'mine' }, 'kubectl');
    expect(noop.json.metadata.resourceVersion).toBe(pruned.json.metadata.resourceVersion);
  });

  it('stores nothing on dryRun=All and keeps the resourceVersion', async () => {
    const created = await create('dry', { a: '1' });
    const dry = await call('PATCH', `${CM}/dry?dryRun=All`, { data: { a: '2' } }, 'application/merge-patch+json');
    expect(dry.code).toBe(200);
    expect(dry.json.data).toEqual({ a: '2' });
    const dryApply = await call('PATCH', `${CM}/dry-new?dryRun=All&fieldManager=m`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry-new\n', 'application/apply-patch+yaml');
    expect(dryApply.code).toBe(201);
    const after = await call('GET', `${CM}/dry`);
    expect(after.json.data).toEqual({ a: '1' });
    expect(after.json.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect((await call('GET', `${CM}/dry-new`)).code).toBe(404);
  });

  it('refuses a patch carrying a stale resourceVersion with 409', async () => {
    const created = await create('rv', { a: '1' });
    await call('PATCH', `${CM}/rv`, { data: { a: '2' } }, 'application/merge-patch+json');
    const stale = await call('PATCH', `${CM}/rv`, { metadata: { resourceVersion: created.metadata.resourceVersion }, data: { a: '3' } }, 'application/merge-patch+json');
    expect(stale.code).toBe(409);
    expect(stale.json.message).toBe('Operation cannot be fulfilled on configmaps "rv": the object has been modified; please apply your changes to the latest version and try again');
  });
});
