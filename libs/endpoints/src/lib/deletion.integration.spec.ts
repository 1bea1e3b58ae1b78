import { Etcd3 } from 'etcd3';
import { TEST_TOKEN, startTestApiServer } from '../testing/test-api-server';
import type { TestApiServer } from '../testing/test-api-server';

// Responses are arbitrary JSON checked field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('deletion, namespace lifecycle and watch edges (integration, real etcd)', () => {
  let server: TestApiServer;

  beforeAll(async () => {
    server = await startTestApiServer();
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ code: number; json: Json; headers: Headers }> {
    const res = await fetch(server.url + path, {
      method,
      headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { code: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  /** Reads a watch stream until `count` events arrived or it ended; the time-out aborts a stuck stream. */
  async function watchEvents(path: string, count: number, timeoutMs = 10_000): Promise<{ code: number; events: Json[]; ended: boolean }> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const events: Json[] = [];
    let ended = false;
    try {
      const res = await fetch(server.url + path, { headers: { Authorization: `Bearer ${TEST_TOKEN}` }, signal: abort.signal });
      if (res.status !== 200) return { code: res.status, events: [await res.json()], ended: true };
      const reader = res.body!.getReader();
      let buffered = '';
      while (events.length < count) {
        const { value, done } = await reader.read();
        if (done) {
          ended = true;
          break;
        }
        buffered += Buffer.from(value).toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        events.push(...lines.filter((l) => l).map((l) => JSON.parse(l)));
      }
      return { code: res.status, events, ended };
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  }

  const cm = (name: string, metadata: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...metadata }, data: { a: '1' } });
  const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

  it('keeps an object with finalizers until the last one is removed', async () => {
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', cm('held', { finalizers: ['example.com/hold'] }));
    expect(created.code).toBe(201);
    const marked = await call('DELETE', '/api/v1/namespaces/default/configmaps/held');
    expect(marked.code).toBe(200);
    expect(marked.json.kind).toBe('ConfigMap');
    expect(marked.json.metadata).toMatchObject({ deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold'] });
    expect(marked.json.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/held')).json.metadata.deletionTimestamp).toBe(marked.json.metadata.deletionTimestamp);

    const more = await call('PUT', '/api/v1/namespaces/default/configmaps/held', {
      ...marked.json,
      metadata: { ...marked.json.metadata, finalizers: ['example.com/hold', 'example.com/more'] },
    });
    expect(more.code).toBe(422);
    expect(more.json.message).toBe(
      'ConfigMap "held" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/more"}',
    );

    const released = await call('PUT', '/api/v1/namespaces/default/configmaps/held', { ...marked.json, metadata: { ...marked.json.metadata, finalizers: [] } });
    expect(released.code).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/held')).code).toBe(404);
  });

  it('checks preconditions, honours dryRun and records propagation finalizers', async () => {
    const created = (await call('POST', '/api/v1/namespaces/default/configmaps', cm('pre'))).json;
    const wrongUid = await call('DELETE', '/api/v1/namespaces/default/configmaps/pre', { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'nope' } });
    expect(wrongUid.code).toBe(409);
    expect(wrongUid.json).toMatchObject({
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on ConfigMap "pre": the UID in the precondition (nope) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`,
    });
    const wrongRv = await call('DELETE', '/api/v1/namespaces/default/configmaps/pre', { preconditions: { resourceVersion: '1' } });
    expect(wrongRv.code).toBe(409);
    expect(wrongRv.json.message).toBe(
      `Operation cannot be fulfilled on ConfigMap "pre": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${created.metadata.resourceVersion}). The object might have been modified`,
    );
    const dry = await call('DELETE', '/api/v1/namespaces/default/configmaps/pre', { dryRun: ['All'] });
    expect(dry.code).toBe(200);
    expect(dry.json).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'pre', kind: 'configmaps' } });
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/pre')).json.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    const badPolicy = await call('DELETE', '/api/v1/namespaces/default/configmaps/pre?propagationPolicy=Sideways');
    expect(badPolicy.code).toBe(422);

    const foreground = await call('DELETE', '/api/v1/namespaces/default/configmaps/pre', {
      propagationPolicy: 'Foreground',
      preconditions: { uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion },
      gracePeriodSeconds: 0,
    });
    expect(foreground.code).toBe(200);
    expect(foreground.json.metadata.finalizers).toEqual(['foregroundDeletion']);
    // The foregroundDeletion finalizer belongs to the garbage collector; whoever removes it completes the delete.
    const done = await call('PUT', '/api/v1/namespaces/default/configmaps/pre', { ...foreground.json, metadata: { ...foreground.json.metadata, finalizers: [] } });
    expect(done.code).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/pre')).code).toBe(404);
  });

  it('deletes collections by label and field selector', async () => {
    expect((await call('POST', '/api/v1/namespaces', ns('coll'))).code).toBe(201);
    for (const [name, tier] of [['c1', 'web'], ['c2', 'web'], ['c3', 'db']]) {
      expect((await call('POST', '/api/v1/namespaces/coll/configmaps', cm(name, { labels: { tier } }))).code).toBe(201);
    }
    const dry = await call('DELETE', '/api/v1/namespaces/coll/configmaps?labelSelector=tier%3Dweb&dryRun=All');
    expect(dry.json.items.map((i: Json) => i.metadata.name)).toEqual(['c1', 'c2']);
    expect((await call('GET', '/api/v1/namespaces/coll/configmaps')).json.items).toHaveLength(3);

    const web = await call('DELETE', '/api/v1/namespaces/coll/configmaps?labelSelector=tier%3Dweb');
    expect(web.code).toBe(200);
    expect(web.json).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
    expect(web.json.items.map((i: Json) => i.metadata.name)).toEqual(['c1', 'c2']);
    expect((await call('GET', '/api/v1/namespaces/coll/configmaps')).json.items.map((i: Json) => i.metadata.name)).toEqual(['c3']);

    const byName = await call('DELETE', '/api/v1/namespaces/coll/configmaps?fieldSelector=metadata.name%3Dc3');
    expect(byName.json.items.map((i: Json) => i.metadata.name)).toEqual(['c3']);
    expect((await call('GET', '/api/v1/namespaces/coll/configmaps')).json.items).toEqual([]);

    expect((await call('DELETE', '/api/v1/namespaces')).code).toBe(405);
    expect((await call('DELETE', '/api/v1/configmaps')).code).toBe(405);
  });

  it('terminates a namespace: Terminating, no new content, removed once finalized', async () => {
    expect((await call('POST', '/api/v1/namespaces', ns('doomed'))).code).toBe(201);
    expect((await call('POST', '/api/v1/namespaces/doomed/configmaps', cm('inside'))).code).toBe(201);
    const deleted = await call('DELETE', '/api/v1/namespaces/doomed', { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    expect(deleted.code).toBe(200);
    expect(deleted.json).toMatchObject({ kind: 'Namespace', spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } });
    expect(deleted.json.metadata.deletionTimestamp).toBeDefined();

    const refused = await call('POST', '/api/v1/namespaces/doomed/configmaps', cm('late'));
    expect(refused.code).toBe(403);
    expect(refused.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
      reason: 'Forbidden',
      details: { name: 'late', kind: 'configmaps', causes: [{ reason: 'NamespaceTerminating', message: 'namespace doomed is being terminated', field: 'metadata.namespace' }] },
      code: 403,
    });
    expect((await call('DELETE', '/api/v1/namespaces/default')).json.message).toBe('namespaces "default" is forbidden: this namespace may not be deleted');

    const badFinalizer = await call('PUT', '/api/v1/namespaces/doomed/finalize', { ...deleted.json, spec: { finalizers: ['nope'] } });
    expect(badFinalizer.code).toBe(422);
    expect(badFinalizer.json.message).toContain('spec.finalizers[0]: Invalid value: "nope": name is neither a standard finalizer name nor is it fully qualified');
    const finalized = await call('PUT', '/api/v1/namespaces/doomed/finalize', { ...deleted.json, spec: { finalizers: [] } });
    expect(finalized.code).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/doomed')).code).toBe(404);
  });

  it('answers a watch from a compacted revision with a 410 Expired ERROR event', async () => {
    const first = await call('POST', '/api/v1/namespaces/default/configmaps', cm('old'));
    await call('PUT', '/api/v1/namespaces/default/configmaps/old', { ...first.json, data: { a: '2' } });
    // Compacting at the revision after the next one leaves no event history to resume the watch from.
    await call('POST', '/api/v1/namespaces/default/configmaps', cm('newer'));
    const latest = await call('GET', '/api/v1/namespaces/default/configmaps/newer');
    const etcdClient = new Etcd3({ hosts: server.etcd.endpoint });
    try {
      await etcdClient.kv.compact({ revision: latest.json.metadata.resourceVersion, physical: true });
    } finally {
      etcdClient.close();
    }
    const watch = await watchEvents(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${first.json.metadata.resourceVersion}`, 1);
    expect(watch.code).toBe(200);
    expect(watch.events[0]).toEqual({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'The resourceVersion for the provided watch is too old.',
        reason: 'Expired',
        code: 410,
      },
    });
  });

  it('streams the initial state, then a bookmark marking its end (sendInitialEvents)', async () => {
    expect((await call('POST', '/api/v1/namespaces', ns('initial'))).code).toBe(201);
    for (const name of ['i1', 'i2']) expect((await call('POST', '/api/v1/namespaces/initial/configmaps', cm(name))).code).toBe(201);
    const list = await call('GET', '/api/v1/namespaces/initial/configmaps');
    const watch = await watchEvents(
      '/api/v1/namespaces/initial/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=30',
      3,
    );
    expect(watch.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'BOOKMARK']);
    expect(watch.events.slice(0, 2).map((e) => e.object.metadata.name)).toEqual(['i1', 'i2']);
    const bookmark = watch.events[2].object;
    expect(bookmark).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: bookmark.metadata.resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
    expect(Number(bookmark.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(list.json.metadata.resourceVersion));

    const invalid = await watchEvents('/api/v1/namespaces/initial/configmaps?watch=1&sendInitialEvents=true', 1);
    expect(invalid.code).toBe(422);
    expect(invalid.events[0].message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
    );
  });

  it('ends a watch after timeoutSeconds', async () => {
    const started = Date.now();
    const watch = await watchEvents('/api/v1/namespaces/initial/configmaps?watch=1&resourceVersion=0&timeoutSeconds=1', 100);
    expect(watch.ended).toBe(true);
    expect(watch.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
