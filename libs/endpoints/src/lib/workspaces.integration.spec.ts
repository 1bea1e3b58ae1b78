import { createReadyWorkspace } from '../testing/ready-workspace';
import { TEST_TOKEN, startTestApiServer } from '../testing/test-api-server';
import type { TestApiServer } from '../testing/test-api-server';

// Responses are arbitrary JSON checked field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const WS = '/apis/tenancy.strata.dev/v1alpha1/workspaces';
const LC = '/apis/core.strata.dev/v1alpha1/logicalclusters';
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const BOB_TOKEN = 'bob-token';

describe('workspaces (integration, real etcd)', () => {
  let server: TestApiServer;

  beforeAll(async () => {
    server = await startTestApiServer({ users: { [BOB_TOKEN]: { username: 'bob', uid: 'u-bob', groups: ['system:authenticated'] } } });
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ code: number; json: Json }> {
    const res = await fetch(server.url + path, {
      method,
      headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { code: res.status, json: text ? JSON.parse(text) : undefined };
  }
  const asBob = { Authorization: `Bearer ${BOB_TOKEN}` };
  const ws = (name: string, spec: Record<string, unknown> = {}) => ({ apiVersion: 'tenancy.strata.dev/v1alpha1', kind: 'Workspace', metadata: { name }, spec });
  const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });

  let acmeId = '';
  let teamId = '';

  it('creates a Workspace in root: phase Scheduling, finalizer, owner annotation, defaulted type, the server\'s cluster and URL', async () => {
    const created = await call('POST', WS, ws('acme', { cluster: 'stolen', URL: 'https://evil' }), asBob);
    expect(created.code).toBe(201);
    expect(created.json.status).toEqual({ phase: 'Scheduling' });
    expect(created.json.metadata.finalizers).toEqual(['tenancy.strata.dev/workspace']);
    expect(JSON.parse(created.json.metadata.annotations['tenancy.strata.dev/owner'])).toEqual({
      username: 'bob',
      uid: 'u-bob',
      groups: ['system:authenticated'],
    });
    expect(created.json.spec).toEqual({ type: { name: 'universal', path: 'root' }, cluster: expect.stringMatching(/^[a-z][a-z0-9]{13}$/), URL: `${server.url}/clusters/root:acme` });

    const bad = await call('POST', WS, ws('Not_A_Label'));
    expect(bad.code).toBe(422);
    expect(bad.json.message).toMatch(/^Workspace\.tenancy\.strata\.dev "Not_A_Label" is invalid: metadata\.name: Invalid value/);
  });

  it('answers 403 for a workspace that is not Ready and 404 for an unknown one', async () => {
    const notReady = await call('GET', '/clusters/root:acme/api/v1/namespaces');
    expect(notReady.code).toBe(403);
    expect(notReady.json).toMatchObject({ kind: 'Status', reason: 'Forbidden', message: 'workspace "root:acme" is not ready (phase Scheduling)' });
    const unknown = await call('GET', '/clusters/root:nope/api/v1/namespaces');
    expect(unknown.code).toBe(404);
    expect(unknown.json).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'workspace "root:nope" not found' });
    const unknownChild = await call('GET', '/clusters/root:nope:deeper/api/v1/namespaces');
    expect(unknownChild.json.message).toBe('workspace "root:nope:deeper" not found');
    expect((await call('GET', '/clusters/Bad!/api/v1/namespaces')).code).toBe(404);
  });

  it('keeps spec.type and spec.cluster immutable and status owned by the status subresource', async () => {
    const current = (await call('GET', `${WS}/acme`)).json;
    const retype = await call('PUT', `${WS}/acme`, { ...current, spec: { type: { name: 'other', path: 'root' } } });
    expect(retype.code).toBe(422);
    expect(retype.json.details.causes[0]).toMatchObject({ field: 'spec.type', reason: 'FieldValueInvalid' });
    const sneaky = await call('PUT', `${WS}/acme`, { ...current, status: { phase: 'Ready' } });
    expect(sneaky.code).toBe(200);
    expect(sneaky.json.status.phase).toBe('Scheduling');
    const forged = await call('PUT', `${WS}/acme`, { ...current, metadata: { ...current.metadata, annotations: { 'tenancy.strata.dev/owner': '{"username":"mallory"}' } } });
    expect(JSON.parse(forged.json.metadata.annotations['tenancy.strata.dev/owner']).username).toBe('bob');

    acmeId = await createReadyWorkspace(server.url, 'root', 'acme', { existing: true });
    const ready = (await call('GET', `${WS}/acme`)).json;
    expect(ready.status.phase).toBe('Ready');
    expect(ready.spec.cluster).toBe(acmeId);
    const recluster = await call('PUT', `${WS}/acme`, { ...ready, spec: { ...ready.spec, cluster: 'other1234' } });
    expect(recluster.code).toBe(422);
    expect(recluster.json.details.causes[0]).toMatchObject({ field: 'spec.cluster', message: 'Invalid value: "other1234": field is immutable' });
    const statusOnly = await call('PUT', `${WS}/acme/status`, { ...ready, metadata: { ...ready.metadata, labels: { x: 'y' } }, status: { ...ready.status, conditions: [{ type: 'Ready', status: 'True', reason: 'Done' }] } });
    expect(statusOnly.code).toBe(200);
    expect(statusOnly.json.metadata.labels).toBeUndefined();
    expect(statusOnly.json.status.conditions[0].reason).toBe('Done');
    expect((await call('POST', `${WS}/acme/status`, ready)).code).toBe(405);
  });

  it('serves a Ready workspace at /clusters/<path> and /clusters/<id>, isolated from root', async () => {
    expect((await call('POST', '/clusters/root:acme/api/v1/namespaces/default/configmaps', cm('only-acme'))).code).toBe(201);
    expect((await call('GET', '/clusters/root:acme/api/v1/namespaces/default/configmaps/only-acme')).code).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/only-acme')).code).toBe(404);
    const byId = await call('GET', `/clusters/${acmeId}/api/v1/namespaces/default/configmaps/only-acme`, undefined, asBob);
    expect(byId.code).toBe(200);
    expect((await call('GET', '/clusters/zzzzzzzzzzzz/api/v1/namespaces', undefined, asBob)).json.message).toBe('workspace "zzzzzzzzzzzz" not found');

    const lc = await call('GET', `/clusters/root:acme${LC}/cluster`, undefined, asBob);
    expect(lc.code).toBe(200);
    expect(lc.json.status).toMatchObject({ phase: 'Ready', path: 'root:acme' });
    const tamper = await call('PUT', `/clusters/root:acme${LC}/cluster`, lc.json, asBob);
    expect(tamper.code).toBe(403);
    expect(tamper.json.message).toBe(
      'logicalclusters.core.strata.dev "cluster" is forbidden: User "bob" cannot update resource "logicalclusters" in API group "core.strata.dev" at the cluster scope',
    );
    const wrongName = await call('POST', `/clusters/root:acme${LC}`, { apiVersion: 'core.strata.dev/v1alpha1', kind: 'LogicalCluster', metadata: { name: 'other' } });
    expect(wrongName.code).toBe(422);
  });

  it('nests workspaces: root:acme:team-a lives in root:acme\'s logical cluster', async () => {
    expect((await call('POST', `/clusters/root:acme${WS}`, ws('team-a'))).code).toBe(201);
    expect((await call('GET', `${WS}/team-a`)).code).toBe(404);
    teamId = await createReadyWorkspace(server.url, 'root:acme', 'team-a', { existing: true, parentCluster: acmeId });
    expect((await call('POST', '/clusters/root:acme:team-a/api/v1/namespaces/default/configmaps', cm('only-team'))).code).toBe(201);
    const inTeam = await call('GET', '/clusters/root:acme:team-a/api/v1/configmaps');
    expect(inTeam.json.items.map((i: Json) => i.metadata.name)).toEqual(['only-team']);
    const inAcme = await call('GET', '/clusters/root:acme/api/v1/configmaps');
    expect(inAcme.json.items.map((i: Json) => i.metadata.name)).toEqual(['only-acme']);
    expect((await call('GET', `/clusters/${teamId}/api/v1/namespaces/default/configmaps/only-team`)).code).toBe(200);
  });

  it('stops resolving a workspace as soon as it leaves Ready through this server', async () => {
    await createReadyWorkspace(server.url, 'root', 'brief');
    expect((await call('GET', '/clusters/root:brief/api/v1/namespaces')).code).toBe(200);
    const current = (await call('GET', `${WS}/brief`)).json;
    expect((await call('PUT', `${WS}/brief/status`, { ...current, status: { phase: 'Terminating' } })).code).toBe(200);
    const gone = await call('GET', '/clusters/root:brief/api/v1/namespaces');
    expect(gone.code).toBe(403);
    expect(gone.json.message).toBe('workspace "root:brief" is not ready (phase Terminating)');
  });

  it('deletes in two steps: Terminating while the finalizer holds it, gone once the controller drops it', async () => {
    await createReadyWorkspace(server.url, 'root', 'doomed');
    expect((await call('GET', '/clusters/root:doomed/api/v1/namespaces')).code).toBe(200);
    const marked = await call('DELETE', `${WS}/doomed`);
    expect(marked.code).toBe(200);
    expect(marked.json.metadata.deletionTimestamp).toBeTruthy();
    expect(marked.json.metadata.finalizers).toEqual(['tenancy.strata.dev/workspace']);
    expect(marked.json.status.phase).toBe('Terminating');
    expect((await call('GET', '/clusters/root:doomed/api/v1/namespaces')).json.message).toBe('workspace "root:doomed" is not ready (phase Terminating)');
    const held = (await call('GET', `${WS}/doomed`)).json;
    expect((await call('PUT', `${WS}/doomed`, { ...held, metadata: { ...held.metadata, finalizers: [] } })).code).toBe(200);
    expect((await call('GET', `${WS}/doomed`)).code).toBe(404);
    expect((await call('GET', '/clusters/root:doomed/api/v1/namespaces')).json.message).toBe('workspace "root:doomed" not found');
  });

  it('lists and watches across all workspaces for system:masters only, each item annotated with its cluster', async () => {
    expect((await call('POST', '/api/v1/namespaces/default/configmaps', cm('only-root'))).code).toBe(201);
    const all = await call('GET', '/clusters/*/api/v1/configmaps');
    expect(all.code).toBe(200);
    const seen = all.json.items.map((i: Json) => `${i.metadata.annotations['strata.dev/cluster']}/${i.metadata.name}`).sort();
    expect(seen).toEqual([`${acmeId}/only-acme`, `${teamId}/only-team`, 'root/only-root'].sort());
    const workspaces = await call('GET', `/clusters/*${WS}`);
    expect(workspaces.json.items.map((i: Json) => `${i.metadata.annotations['strata.dev/cluster']}/${i.metadata.name}`).sort()).toEqual(
      [`${acmeId}/team-a`, 'root/acme', 'root/brief'].sort(),
    );

    const forbidden = await call('GET', '/clusters/*/api/v1/configmaps', undefined, asBob);
    expect(forbidden.code).toBe(403);
    expect(forbidden.json.message).toBe('configmaps is forbidden: User "bob" cannot list resource "configmaps" in API group "" across all workspaces');
    const create = await call('POST', '/clusters/*/api/v1/namespaces/default/configmaps', cm('nope'));
    expect(create.json).toMatchObject({ code: 405, reason: 'MethodNotAllowed', message: 'create is not supported on resources of kind "configmaps"' });
    const oneNamespace = await call('GET', '/clusters/*/api/v1/namespaces/default/configmaps');
    expect(oneNamespace.json).toMatchObject({ code: 400, message: 'a request across all workspaces (/clusters/*) cannot be limited to one namespace' });
    expect((await call('DELETE', `/clusters/*${WS}/acme`)).code).toBe(405);
    expect((await call('GET', `/clusters/*${WS}/acme`)).code).toBe(405);

    const abort = new AbortController();
    const res = await fetch(`${server.url}/clusters/*/api/v1/configmaps?watch=1&resourceVersion=${all.json.metadata.resourceVersion}&timeoutSeconds=10`, {
      headers: { Authorization: `Bearer ${TEST_TOKEN}` },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await call('POST', '/clusters/root:acme:team-a/api/v1/namespaces/default/configmaps', cm('watched'));
    let buffered = '';
    let event: Json;
    while (!event) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += Buffer.from(value).toString('utf8');
      const line = buffered.split('\n').find((l) => l.trim());
      if (line && buffered.includes('\n')) event = JSON.parse(line);
    }
    abort.abort();
    expect(event.type).toBe('ADDED');
    expect(event.object.metadata.name).toBe('watched');
    expect(event.object.metadata.annotations['strata.dev/cluster']).toBe(teamId);
  });

  it('never accepts a wildcard continue token on a workspace list, nor the other way round', async () => {
    const page1 = await call('GET', '/clusters/*/api/v1/configmaps?limit=1');
    const wildToken = page1.json.metadata.continue;
    expect(wildToken).toBeTruthy();
    const page2 = await call('GET', `/clusters/*/api/v1/configmaps?limit=1&continue=${wildToken}`);
    expect(page2.code).toBe(200);
    expect(page2.json.items).toHaveLength(1);
    expect(page2.json.items[0].metadata.uid).not.toBe(page1.json.items[0].metadata.uid);
    const misused = await call('GET', `/api/v1/configmaps?continue=${wildToken}`);
    expect(misused.code).toBe(400);
    expect(misused.json.message).toBe('continue key is not valid: the token was issued for a list across all workspaces');

    await call('POST', '/api/v1/namespaces/default/configmaps', cm('only-root-2'));
    const local = await call('GET', '/api/v1/configmaps?limit=1');
    const localToken = local.json.metadata.continue;
    expect(localToken).toBeTruthy();
    const misused2 = await call('GET', `/clusters/*/api/v1/configmaps?continue=${localToken}`);
    expect(misused2.code).toBe(400);
    expect(misused2.json.message).toBe('continue key is not valid: the token was issued for a list in one workspace, not across all workspaces');
  });

  it('prints workspaces as kubectl get ws expects: NAME TYPE PHASE URL AGE', async () => {
    const table = await call('GET', `${WS}?limit=500`, undefined, { Accept: TABLE_ACCEPT });
    expect(table.json.kind).toBe('Table');
    expect(table.json.columnDefinitions.map((c: Json) => c.name)).toEqual(['Name', 'Type', 'Phase', 'URL', 'Age']);
    const acme = table.json.rows.find((r: Json) => r.cells[0] === 'acme');
    expect(acme.cells.slice(0, 4)).toEqual(['acme', 'universal', 'Ready', `${server.url}/clusters/root:acme`]);
    const discovery = await call('GET', '/apis/tenancy.strata.dev/v1alpha1');
    expect(discovery.json.resources).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'workspaces', shortNames: ['ws'], namespaced: false, kind: 'Workspace' })]),
    );
  });
});
