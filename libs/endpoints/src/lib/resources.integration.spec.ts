import { Etcd3 } from 'etcd3';
import { TEST_TOKEN, startTestApiServer } from '../testing/test-api-server';
import type { TestApiServer } from '../testing/test-api-server';
import { encodeProtobufEnvelope, protoBytes, protoMapEntry, protoString } from './protobuf-test-encoding';

// Responses are arbitrary JSON checked field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('served resources (integration, real etcd)', () => {
  let server: TestApiServer;

  beforeAll(async () => {
    server = await startTestApiServer();
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ code: number; json: Json }> {
    const res = await fetch(server.url + path, {
      method,
      headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { code: res.status, json: text ? JSON.parse(text) : undefined };
  }

  const causes = (json: Json) => (json.details?.causes ?? []).map((c: Json) => `${c.field}: ${c.message}`);

  describe('secrets', () => {
    it('merges stringData into data, defaults the type to Opaque and never returns stringData', async () => {
      const created = await call('POST', '/api/v1/namespaces/default/secrets', {
        apiVersion: 'v1', kind: 'Secret', metadata: { name: 'merge' }, data: { a: b64('old'), keep: b64('k') }, stringData: { a: 'new', s: 'str' },
      });
      expect(created.code).toBe(201);
      expect(created.json.type).toBe('Opaque');
      expect(created.json.data).toEqual({ a: b64('new'), keep: b64('k'), s: b64('str') });
      expect(created.json.stringData).toBeUndefined();
      const got = await call('GET', '/api/v1/namespaces/default/secrets/merge');
      expect(got.json.kind).toBe('Secret');
      expect(got.json.data).toEqual(created.json.data);
      expect(got.json.stringData).toBeUndefined();
    });

    it('answers NAME TYPE DATA AGE tables', async () => {
      const table = await call('GET', '/api/v1/namespaces/default/secrets/merge', undefined, { Accept: TABLE_ACCEPT });
      expect(table.json.columnDefinitions.map((c: Json) => c.name)).toEqual(['Name', 'Type', 'Data', 'Age']);
      expect(table.json.rows[0].cells.slice(0, 3)).toEqual(['merge', 'Opaque', 3]);
    });

    it('validates type-specific keys and data keys like kube', async () => {
      const tls = await call('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c') } });
      expect(tls.code).toBe(422);
      expect(tls.json.message).toBe('Secret "tls" is invalid: data[tls.key]: Required value');
      const docker = await call('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'docker' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': 'nope' } });
      expect(docker.code).toBe(422);
      expect(causes(docker.json)).toEqual(["data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": invalid character 'n' looking for beginning of value"]);
      const missing = await call('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'docker2' }, type: 'kubernetes.io/dockerconfigjson' });
      expect(causes(missing.json)).toEqual(['data[.dockerconfigjson]: Required value']);
      const token = await call('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'tok' }, type: 'kubernetes.io/service-account-token' });
      expect(causes(token.json)).toEqual(['metadata.annotations[kubernetes.io/service-account.name]: Required value']);
      const badKey = await call('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'badkey' }, stringData: { 'a b': 'x' } });
      expect(badKey.code).toBe(422);
      expect(causes(badKey.json)[0]).toMatch(/^data\[a b\]: Invalid value: "a b": a valid config key must consist of alphanumeric characters/);
    });

    it('rejects data that is not base64 with 400', async () => {
      const res = await call('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'b64' }, data: { a: 'not base64!' } });
      expect(res.code).toBe(400);
      expect(res.json.reason).toBe('BadRequest');
    });

    it('refuses data changes and the type change of an immutable secret', async () => {
      const created = await call('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'frozen' }, immutable: true, stringData: { a: '1' } });
      expect(created.code).toBe(201);
      const changed = await call('PUT', '/api/v1/namespaces/default/secrets/frozen', { ...created.json, data: { a: b64('2') } });
      expect(changed.code).toBe(422);
      expect(changed.json.message).toBe('Secret "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set');
      const retyped = await call('PUT', '/api/v1/namespaces/default/secrets/frozen', { ...created.json, type: 'kubernetes.io/basic-auth', data: { username: b64('u') } });
      expect(causes(retyped.json)).toContain('type: Invalid value: "kubernetes.io/basic-auth": field is immutable');
    });

    it('keeps configmaps immutable the same way', async () => {
      const created = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'frozen' }, immutable: true, data: { a: '1' } });
      const changed = await call('PUT', '/api/v1/namespaces/default/configmaps/frozen', { ...created.json, data: { a: '2' } });
      expect(changed.code).toBe(422);
      expect(changed.json.message).toBe('ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set');
    });
  });

  describe('serviceaccounts', () => {
    it('stores only the names of secret references and prints NAME SECRETS AGE', async () => {
      const created = await call('POST', '/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'robot' }, secrets: [{ name: 's1', namespace: 'x', uid: 'u' }] });
      expect(created.code).toBe(201);
      expect(created.json.secrets).toEqual([{ name: 's1' }]);
      const table = await call('GET', '/api/v1/namespaces/default/serviceaccounts', undefined, { Accept: TABLE_ACCEPT });
      expect(table.json.columnDefinitions.map((c: Json) => c.name)).toEqual(['Name', 'Secrets', 'Age']);
      expect(table.json.rows.find((r: Json) => r.cells[0] === 'robot').cells[1]).toBe(1);
    });
  });

  describe('events', () => {
    const newEvent = {
      metadata: { name: 'new-api' },
      eventTime: '2024-01-01T00:00:00.000000Z',
      reportingController: 'example.com/ctl',
      reportingInstance: 'ctl-1',
      action: 'Reconcile',
      reason: 'Synced',
      type: 'Normal',
      note: 'all good',
      regarding: { kind: 'ConfigMap', name: 'cm-1', namespace: 'default', apiVersion: 'v1' },
    };

    it('serves one stored object through core/v1 and events.k8s.io/v1', async () => {
      const created = await call('POST', '/apis/events.k8s.io/v1/namespaces/default/events', newEvent);
      expect(created.code).toBe(201);
      expect(created.json).toMatchObject({ kind: 'Event', apiVersion: 'events.k8s.io/v1', note: 'all good', regarding: { name: 'cm-1' } });
      const core = await call('GET', '/api/v1/namespaces/default/events/new-api');
      expect(core.json).toMatchObject({
        kind: 'Event', apiVersion: 'v1', message: 'all good', reportingComponent: 'example.com/ctl',
        involvedObject: { kind: 'ConfigMap', name: 'cm-1' }, reason: 'Synced',
      });
      expect(core.json.note).toBeUndefined();
      expect(core.json.metadata.uid).toBe(created.json.metadata.uid);

      const legacy = await call('POST', '/api/v1/namespaces/default/events', {
        metadata: { name: 'old-api' }, involvedObject: { kind: 'Pod', name: 'p-1', namespace: 'default' }, reason: 'Started',
        message: 'started', type: 'Warning', source: { component: 'kubelet', host: 'node-1' }, count: 3,
        firstTimestamp: '2024-01-01T00:00:00Z', lastTimestamp: '2024-01-01T00:05:00Z',
      });
      expect(legacy.code).toBe(201);
      const asNew = await call('GET', '/apis/events.k8s.io/v1/namespaces/default/events/old-api');
      expect(asNew.json).toMatchObject({
        apiVersion: 'events.k8s.io/v1', note: 'started', deprecatedCount: 3, deprecatedSource: { component: 'kubelet', host: 'node-1' },
        deprecatedFirstTimestamp: '2024-01-01T00:00:00Z', regarding: { kind: 'Pod', name: 'p-1' },
      });
    });

    it('selects by the fields of each API', async () => {
      const names = (json: Json) => json.items.map((i: Json) => i.metadata.name).sort();
      expect(names((await call('GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DPod')).json)).toEqual(['old-api']);
      expect(names((await call('GET', '/api/v1/namespaces/default/events?fieldSelector=source%3Dkubelet')).json)).toEqual(['old-api']);
      expect(names((await call('GET', '/api/v1/events?fieldSelector=reportingComponent%3Dexample.com%2Fctl')).json)).toEqual(['new-api']);
      expect(names((await call('GET', '/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=regarding.name%3Dcm-1')).json)).toEqual(['new-api']);
      expect(names((await call('GET', '/apis/events.k8s.io/v1/events?fieldSelector=reportingController%3Dexample.com%2Fctl,type%3DNormal')).json)).toEqual(['new-api']);
      const wrong = await call('GET', '/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dx');
      expect(wrong.code).toBe(400);
      expect(wrong.json.message).toBe('field label not supported: involvedObject.name');
    });

    it('prints kube event columns with wide columns at priority 1', async () => {
      const table = await call('GET', '/api/v1/namespaces/default/events/old-api', undefined, { Accept: TABLE_ACCEPT });
      expect(table.json.columnDefinitions.map((c: Json) => `${c.name}:${c.priority}`)).toEqual([
        'Last Seen:0', 'Type:0', 'Reason:0', 'Object:0', 'Subobject:1', 'Source:1', 'Message:0', 'First Seen:1', 'Count:1', 'Name:1',
      ]);
      expect(table.json.rows[0].cells.slice(1)).toEqual(['Warning', 'Started', 'pod/p-1', '', 'kubelet, node-1', 'started', expect.any(String), 3, 'old-api']);
    });

    it('validates strictly through events.k8s.io/v1 only', async () => {
      const strict = await call('POST', '/apis/events.k8s.io/v1/namespaces/default/events', { ...newEvent, metadata: { name: 'strict' }, type: 'Odd', eventTime: undefined });
      expect(strict.code).toBe(422);
      expect(causes(strict.json)).toEqual(expect.arrayContaining(['eventTime: Required value', 'type: Invalid value: "": has invalid value: Odd']));
      const lenient = await call('POST', '/api/v1/namespaces/default/events', { metadata: { name: 'lenient' }, involvedObject: { namespace: 'other' } });
      expect(lenient.code).toBe(422);
      expect(causes(lenient.json)).toEqual(['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
    });

    it('writes events with a one-hour storage lease (kube --event-ttl)', async () => {
      const etcdClient = new Etcd3({ hosts: server.etcd.endpoint });
      try {
        const keys = await etcdClient.getAll().prefix('/registry/core/events/').keys();
        expect(keys.length).toBeGreaterThanOrEqual(2);
        const res = await etcdClient.get(keys[0]).exec();
        const leaseId = res.kvs[0].lease;
        expect(String(leaseId)).not.toBe('0');
        const info = await etcdClient.leaseClient.leaseTimeToLive({ ID: leaseId });
        expect(Number(info.grantedTTL)).toBe(3600);
      } finally {
        etcdClient.close();
      }
    });
  });

  describe('leases', () => {
    it('validates spec fields and prints NAME HOLDER AGE', async () => {
      const bad = await call('POST', '/apis/coordination.k8s.io/v1/namespaces/default/leases', { metadata: { name: 'bad' }, spec: { leaseDurationSeconds: 0, leaseTransitions: -1 } });
      expect(bad.code).toBe(422);
      expect(causes(bad.json)).toEqual(['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0', 'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0']);
      const ok = await call('POST', '/apis/coordination.k8s.io/v1/namespaces/default/leases', { metadata: { name: 'leader' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } });
      expect(ok.code).toBe(201);
      const table = await call('GET', '/apis/coordination.k8s.io/v1/namespaces/default/leases/leader', undefined, { Accept: TABLE_ACCEPT });
      expect(table.json.columnDefinitions.map((c: Json) => c.name)).toEqual(['Name', 'Holder', 'Age']);
      expect(table.json.rows[0].cells.slice(0, 2)).toEqual(['leader', 'me']);
    });
  });

  describe('rbac', () => {
    const rbac = '/apis/rbac.authorization.k8s.io/v1';

    it('validates roles and clusterroles like kube', async () => {
      const noVerbs = await call('POST', `${rbac}/namespaces/default/roles`, { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'] }] });
      expect(noVerbs.code).toBe(422);
      expect(noVerbs.json.message).toBe('Role.rbac.authorization.k8s.io "r" is invalid: rules[0].verbs: Required value: verbs must contain at least one value');
      const urls = await call('POST', `${rbac}/namespaces/default/roles`, { metadata: { name: 'r' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] });
      expect(causes(urls.json)).toEqual(['rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs']);
      const agg = await call('POST', `${rbac}/clusterroles`, { metadata: { name: 'system:agg' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'x.io/agg': 'true' } }] } });
      expect(agg.code).toBe(201);
      const emptyAgg = await call('POST', `${rbac}/clusterroles`, { metadata: { name: 'empty-agg' }, aggregationRule: {} });
      expect(causes(emptyAgg.json)).toEqual(['aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil']);
      const table = await call('GET', `${rbac}/clusterroles/system:agg`, undefined, { Accept: TABLE_ACCEPT });
      expect(table.json.columnDefinitions.map((c: Json) => `${c.name}:${c.type}`)).toEqual(['Name:string', 'Created At:date']);
      expect(table.json.rows[0].cells).toEqual(['system:agg', agg.json.metadata.creationTimestamp]);
    });

    it('defaults binding API groups, validates roleRef and subjects, and never changes roleRef', async () => {
      const created = await call('POST', `${rbac}/namespaces/default/rolebindings`, {
        metadata: { name: 'rb' }, roleRef: { kind: 'Role', name: 'reader' },
        subjects: [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'robot', namespace: 'default' }],
      });
      expect(created.code).toBe(201);
      expect(created.json.roleRef.apiGroup).toBe('rbac.authorization.k8s.io');
      expect(created.json.subjects[0].apiGroup).toBe('rbac.authorization.k8s.io');
      const changed = await call('PUT', `${rbac}/namespaces/default/rolebindings/rb`, { ...created.json, roleRef: { ...created.json.roleRef, name: 'writer' } });
      expect(changed.code).toBe(422);
      expect(changed.json.message).toMatch(/^RoleBinding\.rbac\.authorization\.k8s\.io "rb" is invalid: roleRef: Invalid value: .*: cannot change roleRef$/);
      const table = await call('GET', `${rbac}/namespaces/default/rolebindings/rb`, undefined, { Accept: TABLE_ACCEPT });
      expect(table.json.columnDefinitions.map((c: Json) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Role:0', 'Age:0', 'Users:1', 'Groups:1', 'ServiceAccounts:1']);
      expect(table.json.rows[0].cells).toEqual(['rb', 'Role/reader', expect.any(String), 'alice', 'devs', 'default/robot']);

      const badKind = await call('POST', `${rbac}/clusterrolebindings`, { metadata: { name: 'crb' }, roleRef: { kind: 'Role', name: 'x' }, subjects: [{ kind: 'ServiceAccount', name: 'robot' }, { kind: 'Robot', name: 'r2' }] });
      expect(badKind.code).toBe(422);
      expect(causes(badKind.json)).toEqual([
        'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
        'subjects[0].namespace: Required value',
        'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
      ]);
    });
  });

  describe('selfsubjectreviews', () => {
    it('answers with the requesting user and stores nothing', async () => {
      const review = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
      expect(review.code).toBe(201);
      expect(review.json).toMatchObject({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', status: { userInfo: { username: 'admin', groups: ['system:masters'] } } });
      const list = await call('GET', '/apis/authentication.k8s.io/v1/selfsubjectreviews');
      expect(list.code).toBe(405);
    });
  });

  describe('discovery and protobuf bodies', () => {
    it('lists names, short names and verbs of the new resources', async () => {
      const core = await call('GET', '/api/v1');
      const sa = core.json.resources.find((r: Json) => r.name === 'serviceaccounts');
      expect(sa).toMatchObject({ singularName: 'serviceaccount', namespaced: true, kind: 'ServiceAccount', shortNames: ['sa'] });
      expect(core.json.resources.find((r: Json) => r.name === 'events').shortNames).toEqual(['ev']);
      const groups = (await call('GET', '/apis')).json.groups.map((g: Json) => g.name);
      expect(groups).toEqual(expect.arrayContaining(['events.k8s.io', 'coordination.k8s.io', 'rbac.authorization.k8s.io', 'authentication.k8s.io']));
      const auth = await call('GET', '/apis/authentication.k8s.io/v1');
      expect(auth.json.resources).toEqual([expect.objectContaining({ name: 'selfsubjectreviews', verbs: ['create'], namespaced: false })]);
    });

    it('creates a role from the protobuf body kubectl sends', async () => {
      const meta = protoString(1, 'proto-role');
      const rule = Buffer.concat([protoString(1, 'get'), protoString(1, 'list'), protoString(2, ''), protoString(3, 'configmaps')]);
      const role = Buffer.concat([protoBytes(1, meta), protoBytes(2, rule)]);
      const res = await call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', encodeProtobufEnvelope('rbac.authorization.k8s.io/v1', 'Role', role), {
        'Content-Type': 'application/vnd.kubernetes.protobuf',
      });
      expect(res.code).toBe(201);
      expect(res.json.rules).toEqual([{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }]);

      const secret = Buffer.concat([protoBytes(1, protoString(1, 'proto-secret')), protoMapEntry(2, 'k', Buffer.from('v')), protoString(3, 'Opaque')]);
      const created = await call('POST', '/api/v1/namespaces/default/secrets', encodeProtobufEnvelope('v1', 'Secret', secret), { 'Content-Type': 'application/vnd.kubernetes.protobuf' });
      expect(created.code).toBe(201);
      expect(created.json.data).toEqual({ k: b64('v') });
    });
  });
});
