import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Stack } from '@strata/testing';
import { kubectl, kubectlOk } from './support/kubectl';
import { LineProcess } from './support/line-process';

// One stack serves every read-side kubectl command of issue 4: get in all its output forms, watches, selectors,
// chunking, and the discovery-driven commands (explain, api-resources, api-versions, auth whoami, version).
describe('kubectl reads and discovery e2e (real etcd, real processes, real kubectl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-e2e-read-'));
  const cacheDir = join(dir, 'kube-cache');
  let stack: Stack | undefined;
  const watchers: LineProcess[] = [];
  const k = (...args: string[]) => kubectlOk(stack!.kubeconfigPath, cacheDir, args);
  const kr = (...args: string[]) => kubectl(stack!.kubeconfigPath, cacheDir, args);
  const watch = async (...args: string[]) => {
    const proc = await LineProcess.spawn('kubectl', ['--kubeconfig', stack!.kubeconfigPath, '--cache-dir', cacheDir, ...args]);
    watchers.push(proc);
    return proc;
  };

  beforeAll(async () => {
    stack = await Stack.start({ dataDir: join(dir, 'data') });
    await k('create', 'namespace', 'reads');
    await k('create', 'namespace', 'reads-b');
    for (const i of [1, 2, 3, 4, 5]) await k('-n', 'reads', 'create', 'configmap', `c${i}`, `--from-literal=k=${i}`, `--from-literal=n=${i}`);
    await k('-n', 'reads', 'label', 'configmap', 'c1', 'c2', 'tier=a');
    await k('-n', 'reads', 'label', 'configmap', 'c3', 'tier=b');
    await k('-n', 'reads-b', 'create', 'configmap', 'other', '--from-literal=x=y');
    await k('-n', 'reads', 'create', 'rolebinding', 'rb', '--clusterrole=view', '--user=alice', '--group=devs', '--serviceaccount=reads:robot');
  });

  afterAll(async () => {
    await Promise.all(watchers.map((w) => w.stop()));
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('get', () => {
    it('prints the default table with kube-apiserver columns', async () => {
      const out = await k('-n', 'reads', 'get', 'configmaps');
      const lines = out.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
      expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([1, 2, 3, 4, 5].map((i) => [`c${i}`, '2']));
      expect(lines[1]).toMatch(/^c1\s+2\s+\d+s$/);
    });

    it('prints -o wide with the priority columns of a type that has them', async () => {
      const cm = await k('-n', 'reads', 'get', 'cm', 'c1', '-o', 'wide');
      expect(cm).toMatch(/^NAME\s+DATA\s+AGE\n/);
      const rb = await k('-n', 'reads', 'get', 'rolebinding', 'rb', '-o', 'wide');
      expect(rb).toMatch(/^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\n/);
      expect(rb).toMatch(/^rb\s+ClusterRole\/view\s+\d+s\s+alice\s+devs\s+reads\/robot\s*$/m);
      const narrow = await k('-n', 'reads', 'get', 'rolebinding', 'rb');
      expect(narrow).toMatch(/^NAME\s+ROLE\s+AGE\n/);
    });

    it('prints -o yaml and -o json with the full object and server-set metadata', async () => {
      const y = parse(await k('-n', 'reads', 'get', 'cm', 'c1', '-o', 'yaml'));
      expect(y).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { k: '1', n: '1' } });
      expect(y.metadata).toMatchObject({ name: 'c1', namespace: 'reads', labels: { tier: 'a' } });
      expect(y.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(y.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(y.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      const list = JSON.parse(await k('-n', 'reads', 'get', 'cm', '-o', 'json'));
      expect(list.kind).toBe('List');
      expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
      expect(list.items[2]).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', data: { k: '3' } });
    });

    it('prints -o name and -o jsonpath', async () => {
      expect(await k('-n', 'reads', 'get', 'cm', '-o', 'name')).toBe(
        'configmap/c1\nconfigmap/c2\nconfigmap/c3\nconfigmap/c4\nconfigmap/c5\n',
      );
      expect(await k('-n', 'reads', 'get', 'cm', '-o', 'jsonpath={.items[*].data.k}')).toBe('1 2 3 4 5');
      expect(await k('-n', 'reads', 'get', 'cm', 'c4', '-o', 'jsonpath={.metadata.namespace}/{.metadata.name}={.data.n}')).toBe('reads/c4=4');
    });

    it('lists across namespaces with -A and a NAMESPACE column', async () => {
      const out = await k('get', 'cm', '-A');
      expect(out).toMatch(/^NAMESPACE\s+NAME\s+DATA\s+AGE\n/);
      expect(out).toMatch(/^reads\s+c1\s+2\s+/m);
      expect(out).toMatch(/^reads\s+c5\s+2\s+/m);
      expect(out).toMatch(/^reads-b\s+other\s+1\s+/m);
    });

    it('filters with -l (equality, inequality and set-based)', async () => {
      expect(await k('-n', 'reads', 'get', 'cm', '-l', 'tier=a', '-o', 'name')).toBe('configmap/c1\nconfigmap/c2\n');
      expect(await k('-n', 'reads', 'get', 'cm', '-l', 'tier!=a', '-o', 'name')).toBe('configmap/c3\nconfigmap/c4\nconfigmap/c5\n');
      expect(await k('-n', 'reads', 'get', 'cm', '-l', 'tier in (b),tier', '-o', 'name')).toBe('configmap/c3\n');
      expect(await k('-n', 'reads', 'get', 'cm', '-l', '!tier', '-o', 'name')).toBe('configmap/c4\nconfigmap/c5\n');
      const none = await kr('-n', 'reads', 'get', 'cm', '-l', 'tier=zzz');
      expect(none.code).toBe(0);
      expect(none.stderr).toContain('No resources found in reads namespace.');
    });

    it('filters with --field-selector metadata.name / metadata.namespace', async () => {
      expect(await k('-n', 'reads', 'get', 'cm', '--field-selector', 'metadata.name=c3', '-o', 'name')).toBe('configmap/c3\n');
      expect(await k('-n', 'reads', 'get', 'cm', '--field-selector', 'metadata.name!=c3', '-o', 'name')).toBe(
        'configmap/c1\nconfigmap/c2\nconfigmap/c4\nconfigmap/c5\n',
      );
      expect(await k('get', 'cm', '-A', '--field-selector', 'metadata.namespace=reads-b', '-o', 'name')).toBe('configmap/other\n');
      const bad = await kr('-n', 'reads', 'get', 'cm', '--field-selector', 'data.k=1');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('Error from server (BadRequest)');
      expect(bad.stderr).toContain('field label "data.k" not supported for "ConfigMap"');
      const role = await kr('-n', 'reads', 'get', 'rolebindings', '--field-selector', 'roleRef.name=view');
      expect(role.stderr).toContain('"roleRef.name" is not a known field selector: only "metadata.name", "metadata.namespace"');
    });

    it('pages with --chunk-size=2 through limit/continue and still prints every row once', async () => {
      const res = await kr('-n', 'reads', 'get', 'cm', '--chunk-size=2', '-v=6');
      expect(res.code).toBe(0);
      const gets = res.stderr.split('\n').filter((l) => /GET https:\S+\/api\/v1\/namespaces\/reads\/configmaps\?/.test(l));
      expect(gets).toHaveLength(3);
      // The helper's --request-timeout adds timeout=30s to every request.
      expect(gets[0]).toMatch(/\?limit=2&timeout=30s 200 OK/);
      expect(gets[1]).toMatch(/\?continue=[^&\s]+&limit=2&timeout=30s 200 OK/);
      expect(gets[2]).toMatch(/\?continue=[^&\s]+&limit=2&timeout=30s 200 OK/);
      expect(res.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['NAME', 'c1', 'c2', 'c3', 'c4', 'c5']);
    });
  });

  describe('get -w', () => {
    it('streams the current rows, then additions, changes and deletions as they happen', async () => {
      const plain = await watch('-n', 'reads', 'get', 'cm', '-w');
      const events = await watch('-n', 'reads', 'get', 'cm', '-w', '--output-watch-events');
      await plain.waitForLine((l) => /^c5\s/.test(l));
      await events.waitForLine((l) => /^ADDED\s+c5\s/.test(l));
      expect(plain.lines[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
      expect(events.lines[0]).toMatch(/^EVENT\s+NAME\s+DATA\s+AGE$/);
      const initial = plain.lines.length;

      await k('-n', 'reads', 'create', 'cm', 'live', '--from-literal=a=1');
      await events.waitForLine((l) => /^ADDED\s+live\s+1\s/.test(l));
      await k('-n', 'reads', 'patch', 'cm', 'live', '--type', 'merge', '-p', '{"data":{"b":"2"}}');
      await events.waitForLine((l) => /^MODIFIED\s+live\s+2\s/.test(l));
      await k('-n', 'reads', 'delete', 'cm', 'live');
      await events.waitForLine((l) => /^DELETED\s+live\s+2\s/.test(l));
      await plain.waitForLine((l) => /^live\s+2\s/.test(l), { from: initial + 1 });

      expect(events.lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
        'ADDED c1', 'ADDED c2', 'ADDED c3', 'ADDED c4', 'ADDED c5', 'ADDED live', 'MODIFIED live', 'DELETED live',
      ]);
      expect(plain.lines.slice(initial).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['live 1', 'live 2', 'live 2']);
      expect(plain.hasExited).toBe(false);
      await Promise.all([plain.stop(), events.stop()]);
    });

    it('watches one object by name: its current state first, then its changes only', async () => {
      const one = await watch('-n', 'reads', 'get', 'cm', 'c2', '-w', '--output-watch-events');
      await one.waitForLine((l) => /^ADDED\s+c2\s+2\s/.test(l));
      await k('-n', 'reads', 'label', 'cm', 'c1', 'touched=yes');
      await k('-n', 'reads', 'annotate', 'cm', 'c2', 'touched=yes');
      await one.waitForLine((l) => /^MODIFIED\s+c2\s/.test(l));
      expect(one.lines.filter((l) => /\sc1\s/.test(l))).toEqual([]);
      await one.stop();
    });
  });

  describe('discovery-driven commands', () => {
    it('api-resources lists every served resource with short names, group/version, scope and kind', async () => {
      const out = await k('api-resources');
      expect(out).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/m);
      const expected: [string, string, string, string, string][] = [
        ['configmaps', 'cm', 'v1', 'true', 'ConfigMap'],
        ['events', 'ev', 'v1', 'true', 'Event'],
        ['namespaces', 'ns', 'v1', 'false', 'Namespace'],
        ['secrets', '', 'v1', 'true', 'Secret'],
        ['serviceaccounts', 'sa', 'v1', 'true', 'ServiceAccount'],
        ['selfsubjectreviews', '', 'authentication.k8s.io/v1', 'false', 'SelfSubjectReview'],
        ['leases', '', 'coordination.k8s.io/v1', 'true', 'Lease'],
        ['events', 'ev', 'events.k8s.io/v1', 'true', 'Event'],
        ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRoleBinding'],
        ['clusterroles', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRole'],
        ['rolebindings', '', 'rbac.authorization.k8s.io/v1', 'true', 'RoleBinding'],
        ['roles', '', 'rbac.authorization.k8s.io/v1', 'true', 'Role'],
      ];
      const rows = out.split('\n').map((l) => l.trim().split(/\s+/));
      for (const [name, short, version, namespaced, kind] of expected) {
        const want = short ? [name, short, version, namespaced, kind] : [name, version, namespaced, kind];
        expect(rows).toContainEqual(want);
      }
      expect(await k('api-resources', '--api-group=rbac.authorization.k8s.io', '-o', 'name')).toBe(
        'clusterrolebindings.rbac.authorization.k8s.io\nclusterroles.rbac.authorization.k8s.io\n' +
          'rolebindings.rbac.authorization.k8s.io\nroles.rbac.authorization.k8s.io\n',
      );
      const verbs = await k('api-resources', '--api-group=', '-o', 'wide');
      expect(verbs).toMatch(/^configmaps\s+cm\s+v1\s+true\s+ConfigMap\s+create,delete,deletecollection,get,list,patch,update,watch\s*$/m);
    });

    it('api-versions lists every served group/version', async () => {
      const versions = (await k('api-versions')).trimEnd().split('\n');
      for (const gv of ['v1', 'authentication.k8s.io/v1', 'coordination.k8s.io/v1', 'events.k8s.io/v1', 'rbac.authorization.k8s.io/v1']) {
        expect(versions).toContain(gv);
      }
    });

    it('explain prints a kind and a nested field from OpenAPI v3', async () => {
      const cm = await k('explain', 'configmap');
      expect(cm).toMatch(/^KIND:\s+ConfigMap\nVERSION:\s+v1\n/);
      expect(cm).toContain('ConfigMap holds configuration data for pods to consume.');
      expect(cm).toMatch(/^\s+data\s+<map\[string\]string>$/m);
      expect(cm).toMatch(/^\s+metadata\s+<ObjectMeta>$/m);
      const verbs = await k('explain', 'roles.rules.verbs');
      expect(verbs).toMatch(/^GROUP:\s+rbac\.authorization\.k8s\.io\nKIND:\s+Role\nVERSION:\s+v1\n/);
      expect(verbs).toContain('FIELD: verbs <[]string>');
      const missing = await kr('explain', 'configmap.nosuchfield');
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain('field "nosuchfield" does not exist');
    });

    it('auth whoami shows the admin user and groups from a SelfSubjectReview', async () => {
      const out = await k('auth', 'whoami');
      expect(out).toMatch(/^ATTRIBUTE\s+VALUE$/m);
      expect(out).toMatch(/^Username\s+admin$/m);
      expect(out).toMatch(/^Groups\s+\[system:masters system:authenticated\]$/m);
      const review = JSON.parse(await k('auth', 'whoami', '-o', 'json'));
      expect(review).toMatchObject({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', status: { userInfo: { username: 'admin' } } });
    });

    it('version prints the client and a v1.32 server version', async () => {
      const out = await k('version');
      expect(out).toMatch(/^Client Version: v1\.32\./m);
      expect(out).toMatch(/^Server Version: v1\.32\.\d+/m);
      const json = JSON.parse(await k('version', '-o', 'json'));
      expect(json.serverVersion).toMatchObject({ major: '1', minor: '32' });
      expect(json.serverVersion.gitVersion).toMatch(/^v1\.32\.\d+(-[0-9A-Za-z.-]+)?$/);
      expect(json.serverVersion.platform).toMatch(/^\w+\/\w+$/);
    });
  });
});
