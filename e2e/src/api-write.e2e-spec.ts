import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Stack } from '@strata/testing';
import { kubectl, kubectlOk } from './support/kubectl';

// One stack serves every write-side kubectl command of issue 4: create (-f and the generators), apply (client-side
// and server-side), diff, replace, edit, patch, label, annotate, and the kube error texts for bad input.
describe('kubectl writes e2e (real etcd, real processes, real kubectl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-e2e-write-'));
  const cacheDir = join(dir, 'kube-cache');
  const ns = 'writes';
  let stack: Stack | undefined;
  const k = (...args: string[]) => kubectlOk(stack!.kubeconfigPath, cacheDir, ['-n', ns, ...args]);
  const kr = (...args: string[]) => kubectl(stack!.kubeconfigPath, cacheDir, ['-n', ns, ...args]);
  const json = async (...args: string[]) => JSON.parse(await k('get', ...args, '-o', 'json', '--show-managed-fields'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const managers = (obj: { metadata: { managedFields?: { manager: string; operation: string }[] } }) =>
    (obj.metadata.managedFields ?? []).map((m) => `${m.manager}/${m.operation}`);

  beforeAll(async () => {
    stack = await Stack.start({ dataDir: join(dir, 'data') });
    await kubectlOk(stack.kubeconfigPath, cacheDir, ['create', 'namespace', ns]);
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('create', () => {
    it('creates every object of a multi-document file with -f (validated against OpenAPI)', async () => {
      const manifest = file(
        'many.yaml',
        `apiVersion: v1
kind: ConfigMap
metadata: {name: f-cm, labels: {from: file}}
data: {a: "1"}
---
apiVersion: v1
kind: Secret
metadata: {name: f-secret}
stringData: {password: hunter2}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: f-sa}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: f-role}
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list]
`,
      );
      expect(await k('create', '-f', manifest)).toBe(
        'configmap/f-cm created\nsecret/f-secret created\nserviceaccount/f-sa created\nrole.rbac.authorization.k8s.io/f-role created\n',
      );
      const secret = await json('secret', 'f-secret');
      expect(secret.stringData).toBeUndefined();
      expect(secret.data).toEqual({ password: Buffer.from('hunter2').toString('base64') });
      expect(secret.type).toBe('Opaque');
      expect((await json('role', 'f-role')).rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }]);

      const unknownField = file('unknown.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f-bad}\ndata: {a: "1"}\nbogus: 1\n');
      const strict = await kr('create', '-f', unknownField);
      expect(strict.code).not.toBe(0);
      expect(strict.stderr).toContain('unknown field "bogus"');
      expect((await kr('get', 'cm', 'f-bad')).code).not.toBe(0);
    });

    it('creates with the configmap and secret generators (generic, tls, docker-registry)', async () => {
      const fromFile = file('app.properties', 'color=blue\n');
      expect(await k('create', 'configmap', 'g-cm', '--from-literal=a=1', `--from-file=${fromFile}`)).toBe('configmap/g-cm created\n');
      const cm = await json('cm', 'g-cm');
      expect(cm.data).toEqual({ a: '1', 'app.properties': 'color=blue\n' });
      expect(managers(cm)).toEqual(['kubectl-create/Update']);

      expect(await k('create', 'secret', 'generic', 'g-generic', '--from-literal=user=admin')).toBe('secret/g-generic created\n');
      expect((await json('secret', 'g-generic')).data).toEqual({ user: Buffer.from('admin').toString('base64') });

      const key = join(dir, 'tls.key');
      const crt = join(dir, 'tls.crt');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '1', '-subj', '/CN=strata-e2e'], {
        stdio: 'ignore',
      });
      expect(await k('create', 'secret', 'tls', 'g-tls', `--cert=${crt}`, `--key=${key}`)).toBe('secret/g-tls created\n');
      const tls = await json('secret', 'g-tls');
      expect(tls.type).toBe('kubernetes.io/tls');
      expect(Buffer.from(tls.data['tls.crt'], 'base64').toString()).toBe(readFileSync(crt, 'utf8'));
      expect(Buffer.from(tls.data['tls.key'], 'base64').toString()).toBe(readFileSync(key, 'utf8'));

      expect(
        await k('create', 'secret', 'docker-registry', 'g-reg', '--docker-server=registry.example.com', '--docker-username=u', '--docker-password=p'),
      ).toBe('secret/g-reg created\n');
      const reg = await json('secret', 'g-reg');
      expect(reg.type).toBe('kubernetes.io/dockerconfigjson');
      expect(JSON.parse(Buffer.from(reg.data['.dockerconfigjson'], 'base64').toString())).toEqual({
        auths: { 'registry.example.com': { username: 'u', password: 'p', auth: Buffer.from('u:p').toString('base64') } },
      });

      const table = await k('get', 'secrets', 'g-generic', 'g-tls', 'g-reg');
      expect(table).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE\n/);
      expect(table).toMatch(/^g-generic\s+Opaque\s+1\s+/m);
      expect(table).toMatch(/^g-tls\s+kubernetes\.io\/tls\s+2\s+/m);
      expect(table).toMatch(/^g-reg\s+kubernetes\.io\/dockerconfigjson\s+1\s+/m);
    });

    it('creates with the namespace, serviceaccount and RBAC generators', async () => {
      expect(await k('create', 'namespace', 'g-ns')).toBe('namespace/g-ns created\n');
      expect(await k('create', 'serviceaccount', 'g-sa')).toBe('serviceaccount/g-sa created\n');
      expect(await k('create', 'role', 'g-role', '--verb=get,list,watch', '--resource=configmaps,secrets')).toBe(
        'role.rbac.authorization.k8s.io/g-role created\n',
      );
      expect(await k('create', 'clusterrole', 'g-clusterrole', '--verb=get', '--resource=namespaces')).toBe(
        'clusterrole.rbac.authorization.k8s.io/g-clusterrole created\n',
      );
      expect(await k('create', 'rolebinding', 'g-rb', '--role=g-role', '--user=alice', `--serviceaccount=${ns}:g-sa`)).toBe(
        'rolebinding.rbac.authorization.k8s.io/g-rb created\n',
      );
      expect(await k('create', 'clusterrolebinding', 'g-crb', '--clusterrole=g-clusterrole', '--group=devs')).toBe(
        'clusterrolebinding.rbac.authorization.k8s.io/g-crb created\n',
      );

      expect((await json('namespace', 'g-ns')).status).toEqual({ phase: 'Active' });
      expect((await json('sa', 'g-sa')).metadata.namespace).toBe(ns);
      expect((await json('role', 'g-role')).rules).toEqual([{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'list', 'watch'] }]);
      expect((await json('clusterrole', 'g-clusterrole')).rules).toEqual([{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'] }]);
      const rb = await json('rolebinding', 'g-rb');
      expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'g-role' });
      expect(rb.subjects).toEqual([
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'g-sa', namespace: ns },
      ]);
      const crb = await json('clusterrolebinding', 'g-crb');
      expect(crb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'g-clusterrole' });
      expect(crb.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'devs' }]);
    });
  });

  describe('apply, diff, replace, edit', () => {
    const v1 = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ap\n  labels: {app: ap, drop: me}\ndata:\n  a: "1"\n  b: "2"\n';
    const v2 = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ap\n  labels: {app: ap}\ndata:\n  a: "1"\n';

    it('client-side apply creates, is idempotent, and prunes a field removed from the file', async () => {
      const first = file('ap-v1.yaml', v1);
      expect(await k('apply', '-f', first)).toBe('configmap/ap created\n');
      expect(await k('apply', '-f', first)).toBe('configmap/ap unchanged\n');
      expect(await k('apply', '-f', file('ap-v2.yaml', v2))).toBe('configmap/ap configured\n');
      const obj = await json('cm', 'ap');
      expect(obj.data).toEqual({ a: '1' });
      expect(obj.metadata.labels).toEqual({ app: 'ap' });
      expect(JSON.parse(obj.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'])).toEqual({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        data: { a: '1' },
        metadata: { annotations: {}, labels: { app: 'ap' }, name: 'ap', namespace: ns },
      });
      expect(managers(obj)).toEqual(['kubectl-client-side-apply/Update']);
    });

    it('diff exits 0 when the file matches and 1 with a unified diff when it does not, changing nothing', async () => {
      const same = await kr('diff', '-f', join(dir, 'ap-v2.yaml'));
      expect(same).toMatchObject({ code: 0, stdout: '' });
      const rvBefore = (await json('cm', 'ap')).metadata.resourceVersion;
      const changed = await kr('diff', '-f', file('ap-v3.yaml', v2.replace('a: "1"', 'a: "9"')));
      expect(changed.code).toBe(1);
      expect(changed.stdout).toMatch(/^--- \S+\/v1\.ConfigMap\.writes\.ap\t/m);
      expect(changed.stdout).toMatch(/^- {2}a: "1"$/m);
      expect(changed.stdout).toMatch(/^\+ {2}a: "9"$/m);
      const after = await json('cm', 'ap');
      expect(after.data).toEqual({ a: '1' });
      expect(after.metadata.resourceVersion).toBe(rvBefore);
    });

    it('server-side apply reports a conflict with the other manager, then takes the field with --force-conflicts', async () => {
      const mine = file('ssa-1.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  owner: first\n  mine: "yes"\n');
      const theirs = file('ssa-2.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  owner: second\n');
      expect(await k('apply', '--server-side', '-f', mine)).toBe('configmap/ssa serverside-applied\n');
      const conflict = await kr('apply', '--server-side', '--field-manager=other', '-f', theirs);
      expect(conflict.code).toBe(1);
      expect(conflict.stderr).toContain('error: Apply failed with 1 conflict: conflict with "kubectl": .data.owner');
      expect(conflict.stderr).toContain('please re-run the apply\n  command with the `--force-conflicts` flag.');
      expect((await json('cm', 'ssa')).data).toEqual({ owner: 'first', mine: 'yes' });

      expect(await k('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', theirs)).toBe('configmap/ssa serverside-applied\n');
      const obj = await json('cm', 'ssa');
      expect(obj.data).toEqual({ owner: 'second', mine: 'yes' });
      expect(managers(obj).sort()).toEqual(['kubectl/Apply', 'other/Apply']);
      const kubectlFields = obj.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubectl').fieldsV1;
      expect(kubectlFields['f:data']).toEqual({ 'f:mine': {} });
    });

    it('replace swaps the whole object and refuses a stale resourceVersion with the Conflict message', async () => {
      const current = await k('get', 'cm', 'ap', '-o', 'yaml');
      const replaced = file('ap-replace.yaml', current.replace('a: "1"', 'a: replaced'));
      expect(await k('replace', '-f', replaced)).toBe('configmap/ap replaced\n');
      expect((await json('cm', 'ap')).data).toEqual({ a: 'replaced' });
      const stale = await kr('replace', '-f', replaced);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toBe(
        `Error from server (Conflict): error when replacing "${replaced}": Operation cannot be fulfilled on configmaps "ap": ` +
          'the object has been modified; please apply your changes to the latest version and try again\n',
      );
    });

    it('edit runs $EDITOR on the object and saves what it wrote', async () => {
      const editor = join(dir, 'editor.sh');
      writeFileSync(editor, '#!/bin/sh\nsed -i -e "s/a: replaced/a: edited/" -e "s/^data:/data:\\n  added: by-editor/" "$1"\n');
      chmodSync(editor, 0o755);
      expect(await kubectlOk(stack!.kubeconfigPath, cacheDir, ['-n', ns, 'edit', 'cm', 'ap'], { EDITOR: editor })).toBe('configmap/ap edited\n');
      expect((await json('cm', 'ap')).data).toEqual({ a: 'edited', added: 'by-editor' });

      const noop = await kubectl(stack!.kubeconfigPath, cacheDir, ['-n', ns, 'edit', 'cm', 'ap'], { EDITOR: 'true' });
      expect(noop.code).toBe(0);
      expect(noop.stderr).toContain('Edit cancelled, no changes made.');
    });
  });

  describe('patch, label, annotate', () => {
    beforeAll(async () => {
      await k('create', 'configmap', 'p', '--from-literal=a=1', '--from-literal=b=2');
    });

    it('patches with --type json, merge and strategic (the default)', async () => {
      expect(await k('patch', 'cm', 'p', '--type', 'json', '-p', '[{"op":"replace","path":"/data/a","value":"json"},{"op":"remove","path":"/data/b"}]')).toBe(
        'configmap/p patched\n',
      );
      expect((await json('cm', 'p')).data).toEqual({ a: 'json' });
      expect(await k('patch', 'cm', 'p', '--type', 'merge', '-p', '{"data":{"m":"merge"},"metadata":{"labels":{"x":"1"}}}')).toBe('configmap/p patched\n');
      expect(await k('patch', 'cm', 'p', '-p', '{"data":{"s":"strategic","a":null},"metadata":{"finalizers":["example.com/keep"]}}')).toBe(
        'configmap/p patched\n',
      );
      // A list with a merge strategy (metadata.finalizers) merges under strategic merge patch.
      await k('patch', 'cm', 'p', '-p', '{"metadata":{"finalizers":["example.com/second"]}}');
      const obj = await json('cm', 'p');
      expect(obj.data).toEqual({ m: 'merge', s: 'strategic' });
      expect(obj.metadata.labels).toEqual({ x: '1' });
      expect(obj.metadata.finalizers).toEqual(['example.com/keep', 'example.com/second']);
      await k('patch', 'cm', 'p', '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}');
      expect((await json('cm', 'p')).metadata.finalizers).toBeUndefined();

      const noop = await k('patch', 'cm', 'p', '--type', 'merge', '-p', '{"data":{"m":"merge"}}');
      expect(noop).toBe('configmap/p patched (no change)\n');
      const badPath = await kr('patch', 'cm', 'p', '--type', 'json', '-p', '[{"op":"remove","path":"/data/nope"}]');
      // kube answers a JSON patch that cannot apply with a generic 422, which kubectl prints this way.
      expect(badPath).toMatchObject({ code: 1, stderr: 'The request is invalid: the server rejected our request due to an error in our request\n' });
    });

    it('labels and annotates, refusing to overwrite without --overwrite, and removes with key-', async () => {
      expect(await k('label', 'cm', 'p', 'tier=web')).toBe('configmap/p labeled\n');
      const clash = await kr('label', 'cm', 'p', 'tier=db');
      expect(clash.code).not.toBe(0);
      expect(clash.stderr).toContain("error: 'tier' already has a value (web), and --overwrite is false");
      expect(await k('label', 'cm', 'p', 'tier=db', '--overwrite')).toBe('configmap/p labeled\n');
      expect(await k('annotate', 'cm', 'p', 'note=hello')).toBe('configmap/p annotated\n');
      const annClash = await kr('annotate', 'cm', 'p', 'note=again');
      expect(annClash.stderr).toContain("error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello)");
      expect(await k('annotate', 'cm', 'p', 'note=again', '--overwrite')).toBe('configmap/p annotated\n');
      let obj = await json('cm', 'p');
      expect(obj.metadata.labels).toEqual({ x: '1', tier: 'db' });
      expect(obj.metadata.annotations).toEqual({ note: 'again' });

      expect(await k('label', 'cm', 'p', 'tier-', 'x-')).toBe('configmap/p unlabeled\n');
      expect(await k('annotate', 'cm', 'p', 'note-')).toBe('configmap/p annotated\n');
      obj = await json('cm', 'p');
      expect(obj.metadata.labels).toBeUndefined();
      expect(obj.metadata.annotations).toBeUndefined();
      expect(await k('get', 'cm', '-l', 'tier', '-o', 'name')).toBe('');
    });
  });

  describe('bad input gets the kube error text', () => {
    it('NotFound', async () => {
      const get = await kr('get', 'cm', 'missing');
      expect(get).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): configmaps "missing" not found\n' });
      const del = await kr('delete', 'secret', 'missing');
      expect(del).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): secrets "missing" not found\n' });
      const role = await kr('get', 'role', 'missing');
      expect(role.stderr).toBe('Error from server (NotFound): roles.rbac.authorization.k8s.io "missing" not found\n');
      // kubectl 1.32 looks the namespace up after a NotFound and reports the namespace when it is the one missing.
      const inNs = await kubectl(stack!.kubeconfigPath, cacheDir, ['get', 'role', 'missing', '-n', 'no-such-ns']);
      expect(inNs.stderr).toBe('Error from server (NotFound): namespaces "no-such-ns" not found\n');
    });

    it('AlreadyExists', async () => {
      const manifest = file('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup}\n');
      await k('create', '-f', manifest);
      const again = await kr('create', '-f', manifest);
      expect(again).toMatchObject({
        code: 1,
        stderr: `Error from server (AlreadyExists): error when creating "${manifest}": configmaps "dup" already exists\n`,
      });
      const nsAgain = await kr('create', 'namespace', ns);
      expect(nsAgain.stderr).toBe(`Error from server (AlreadyExists): namespaces "${ns}" already exists\n`);
    });

    it('Invalid (422) with the field cause', async () => {
      const manifest = file('bad-name.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n');
      const res = await kr('create', '-f', manifest);
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(
        'The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case ' +
          "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for " +
          "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n",
      );
      const badKey = await kr('create', '-f', file('bad-key.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad-key}\ndata: {"no/slash": "1"}\n'));
      expect(badKey).toMatchObject({
        code: 1,
        stderr:
          'The ConfigMap "bad-key" is invalid: data[no/slash]: Invalid value: "no/slash": a valid config key must consist of alphanumeric ' +
          "characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n",
      });
    });

    it('Conflict on an update from a stale resourceVersion', async () => {
      const stale = await k('get', 'cm', 'dup', '-o', 'yaml');
      await k('label', 'cm', 'dup', 'bump=1');
      const path = file('dup-stale.yaml', stale.replace('metadata:', 'metadata:\n  labels: {stale: "yes"}'));
      const res = await kr('replace', '-f', path);
      expect(res.stderr).toBe(
        `Error from server (Conflict): error when replacing "${path}": Operation cannot be fulfilled on configmaps "dup": ` +
          'the object has been modified; please apply your changes to the latest version and try again\n',
      );
      expect((await json('cm', 'dup')).metadata.labels).toEqual({ bump: '1' });
    });
  });

  it('parses what it prints: -o yaml round-trips through create --dry-run=server without storing', async () => {
    const yaml = await k('create', 'configmap', 'dry', '--from-literal=a=1', '--dry-run=server', '-o', 'yaml');
    expect(parse(yaml)).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'dry', namespace: ns }, data: { a: '1' } });
    expect((await kr('get', 'cm', 'dry')).stderr).toBe('Error from server (NotFound): configmaps "dry" not found\n');
  });
});
