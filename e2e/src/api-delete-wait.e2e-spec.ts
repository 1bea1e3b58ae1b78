import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from '@strata/testing';
import { kubectl, kubectlOk } from './support/kubectl';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// kubectl delete (by name, -l, --all, a namespace with content) and kubectl wait, against the real stack: the
// workspace-controller's namespace lifecycle controller empties and removes deleted namespaces.
describe('kubectl delete and wait e2e (real etcd, real processes, real kubectl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-e2e-delete-'));
  const cacheDir = join(dir, 'kube-cache');
  let stack: Stack | undefined;
  const k = (...args: string[]) => kubectlOk(stack!.kubeconfigPath, cacheDir, args);
  const kr = (...args: string[]) => kubectl(stack!.kubeconfigPath, cacheDir, args);

  beforeAll(async () => {
    stack = await Stack.start({ dataDir: join(dir, 'data') });
    await k('create', 'namespace', 'del');
    await k('create', 'namespace', 'del-other');
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('delete', () => {
    it('deletes by name, several names, and answers NotFound afterwards', async () => {
      for (const n of ['d1', 'd2', 'd3']) await k('-n', 'del', 'create', 'configmap', n);
      expect(await k('-n', 'del', 'delete', 'configmap', 'd1')).toBe('configmap "d1" deleted\n');
      expect(await k('-n', 'del', 'delete', 'configmap', 'd2', 'd3')).toBe('configmap "d2" deleted\nconfigmap "d3" deleted\n');
      expect((await kr('-n', 'del', 'get', 'configmap', 'd1')).stderr).toBe('Error from server (NotFound): configmaps "d1" not found\n');
      const again = await kr('-n', 'del', 'delete', 'configmap', 'd1');
      expect(again).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): configmaps "d1" not found\n' });
      expect((await kr('-n', 'del', 'delete', 'configmap', 'd1', '--ignore-not-found')).code).toBe(0);
    });

    it('deletes by label selector only what matches', async () => {
      for (const n of ['l1', 'l2', 'l3']) await k('-n', 'del', 'create', 'configmap', n);
      await k('-n', 'del', 'label', 'configmap', 'l1', 'l2', 'sweep=yes');
      expect(await k('-n', 'del', 'delete', 'configmap', '-l', 'sweep=yes')).toBe('configmap "l1" deleted\nconfigmap "l2" deleted\n');
      expect(await k('-n', 'del', 'get', 'configmap', '-o', 'name')).toBe('configmap/l3\n');
    });

    it('deletes --all in one namespace and leaves other namespaces alone', async () => {
      for (const n of ['a1', 'a2']) await k('-n', 'del', 'create', 'secret', 'generic', n, '--from-literal=k=v');
      await k('-n', 'del-other', 'create', 'secret', 'generic', 'keep', '--from-literal=k=v');
      expect(await k('-n', 'del', 'delete', 'secrets', '--all')).toBe('secret "a1" deleted\nsecret "a2" deleted\n');
      const none = await kr('-n', 'del', 'get', 'secrets');
      expect(none.stderr).toBe('No resources found in del namespace.\n');
      expect(await k('-n', 'del-other', 'get', 'secrets', '-o', 'name')).toBe('secret/keep\n');
    });

    it('deletes a namespace with its content: it is gone, and so is everything that was in it', async () => {
      await k('create', 'namespace', 'casc');
      await k('-n', 'casc', 'create', 'configmap', 'c', '--from-literal=a=1');
      await k('-n', 'casc', 'create', 'secret', 'generic', 's', '--from-literal=a=1');
      await k('-n', 'casc', 'create', 'serviceaccount', 'robot');
      await k('-n', 'casc', 'create', 'role', 'r', '--verb=get', '--resource=configmaps');
      await k('-n', 'casc', 'create', 'rolebinding', 'rb', '--role=r', '--user=alice');

      // kubectl delete waits until the namespace is really gone (the controller emptied it first).
      expect(await k('delete', 'namespace', 'casc', '--timeout=60s')).toBe('namespace "casc" deleted\n');
      expect((await kr('get', 'namespace', 'casc')).stderr).toBe('Error from server (NotFound): namespaces "casc" not found\n');
      for (const type of ['configmaps', 'secrets', 'serviceaccounts', 'roles', 'rolebindings']) {
        expect(await k('get', type, '-A', '--field-selector', 'metadata.namespace=casc', '-o', 'name')).toBe('');
      }
      expect(await k('-n', 'del', 'get', 'configmap', '-o', 'name')).toBe('configmap/l3\n');
    });

    it('keeps a deleted namespace Terminating while content is held by a finalizer, refusing new content', async () => {
      await k('create', 'namespace', 'hold');
      await k('-n', 'hold', 'create', 'configmap', 'held');
      await k('-n', 'hold', 'patch', 'configmap', 'held', '--type', 'merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}');
      expect(await k('delete', 'namespace', 'hold', '--wait=false')).toBe('namespace "hold" deleted\n');

      await k('wait', '--for=jsonpath={.status.phase}=Terminating', 'namespace/hold', '--timeout=20s');
      expect(await k('get', 'namespace', 'hold')).toMatch(/^hold\s+Terminating\s+\d+s$/m);
      const late = await kr('-n', 'hold', 'create', 'configmap', 'late');
      expect(late.code).toBe(1);
      expect(late.stderr).toContain(
        'configmaps "late" is forbidden: unable to create new content in namespace hold because it is being terminated',
      );
      // The controller deletes the held configmap: it stays, marked, until its finalizer goes.
      await k('wait', '--for=jsonpath={.metadata.deletionTimestamp}', '-n', 'hold', 'configmap/held', '--timeout=20s');

      await k('-n', 'hold', 'patch', 'configmap', 'held', '--type', 'json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
      expect(await k('wait', '--for=delete', 'namespace/hold', '--timeout=60s')).toBe('namespace/hold condition met\n');
      expect((await kr('get', 'namespace', 'hold')).code).toBe(1);
    });

    it('deletes a namespace with content inside a child workspace, leaving the same namespace name in root alone', async () => {
      const manifest = join(dir, 'workspace-nsdel.json');
      writeFileSync(manifest, JSON.stringify({ apiVersion: 'tenancy.strata.dev/v1alpha1', kind: 'Workspace', metadata: { name: 'nsdel' } }));
      await k('create', '-f', manifest);
      await k('wait', '--for=jsonpath={.status.phase}=Ready', 'workspace/nsdel', '--timeout=60s');
      const child = `--server=${stack!.server}/clusters/root:nsdel`;
      await k(child, 'create', 'namespace', 'casc');
      await k(child, '-n', 'casc', 'create', 'configmap', 'c', '--from-literal=a=1');
      await k(child, '-n', 'casc', 'create', 'secret', 'generic', 's', '--from-literal=a=1');
      await k('create', 'namespace', 'casc');
      await k('-n', 'casc', 'create', 'configmap', 'root-side');

      expect(await k(child, 'delete', 'namespace', 'casc', '--timeout=60s')).toBe('namespace "casc" deleted\n');
      expect((await kr(child, 'get', 'namespace', 'casc')).stderr).toBe('Error from server (NotFound): namespaces "casc" not found\n');
      expect(await k(child, 'get', 'configmaps,secrets', '-A', '--field-selector', 'metadata.namespace=casc', '-o', 'name')).toBe('');
      expect(await k('-n', 'casc', 'get', 'configmap', 'root-side', '-o', 'name')).toBe('configmap/root-side\n');
    });
  });

  describe('wait', () => {
    it('--for=jsonpath returns once the field has the value', async () => {
      await k('-n', 'del', 'create', 'configmap', 'wj', '--from-literal=phase=pending');
      const waiting = k('-n', 'del', 'wait', 'configmap/wj', '--for=jsonpath={.data.phase}=done', '--timeout=30s');
      await sleep(1000);
      await k('-n', 'del', 'patch', 'configmap', 'wj', '--type', 'merge', '-p', '{"data":{"phase":"done"}}');
      expect(await waiting).toBe('configmap/wj condition met\n');
    });

    it('--for=jsonpath times out with kubectl\'s message when the value never comes', async () => {
      const res = await kr('-n', 'del', 'wait', 'configmap/wj', '--for=jsonpath={.data.phase}=never', '--timeout=2s');
      expect(res).toMatchObject({ code: 1, stderr: 'error: timed out waiting for the condition on configmaps/wj\n' });
    });

    it('--for=delete returns once the object is gone', async () => {
      await k('-n', 'del', 'create', 'configmap', 'wd');
      const waiting = k('-n', 'del', 'wait', 'configmap/wd', '--for=delete', '--timeout=30s');
      await sleep(1000);
      await k('-n', 'del', 'delete', 'configmap', 'wd', '--wait=false');
      expect(await waiting).toBe('configmap/wd condition met\n');
    });
  });
});
