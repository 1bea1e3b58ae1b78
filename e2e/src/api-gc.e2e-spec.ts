import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Stack } from '@strata/testing';
import { kubectl, kubectlOk } from './support/kubectl';
import { createReadyWorkspace } from './support/workspaces';

// kubectl delete --cascade=foreground|orphan|background against the real stack: the workspace-controller's
// garbage collector removes the finalizers the apiserver records and deletes dependents of deleted owners.
describe('kubectl cascading delete e2e (real etcd, real processes, real kubectl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-e2e-gc-'));
  const cacheDir = join(dir, 'kube-cache');
  let stack: Stack | undefined;
  const k = (...args: string[]) => kubectlOk(stack!.kubeconfigPath, cacheDir, args);
  const kr = (...args: string[]) => kubectl(stack!.kubeconfigPath, cacheDir, args);

  beforeAll(async () => {
    stack = await Stack.start({ dataDir: join(dir, 'data') });
    await k('create', 'namespace', 'gc');
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Creates configmap `<prefix>-owner` and dependents `<prefix>-dep-0..n-1` owned by it (blocking its foreground deletion, as kube's controllers set). */
  async function family(prefix: string, n: number, at: string[] = []): Promise<void> {
    await k(...at, '-n', 'gc', 'create', 'configmap', `${prefix}-owner`);
    const uid = await k(...at, '-n', 'gc', 'get', 'configmap', `${prefix}-owner`, '-o', 'jsonpath={.metadata.uid}');
    const items = Array.from({ length: n }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${prefix}-dep-${i}`, namespace: 'gc', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: `${prefix}-owner`, uid, blockOwnerDeletion: true }] },
    }));
    // A multi-document stream: kubectl validates each document against the served OpenAPI (a List it cannot).
    const file = join(dir, `${prefix}.yaml`);
    writeFileSync(file, items.map((item) => stringify(item)).join('---\n'));
    await k(...at, 'create', '-f', file);
  }
  const names = async (prefix: string, at: string[] = []) =>
    (await k(...at, '-n', 'gc', 'get', 'configmaps', '-o', 'name')).split('\n').filter((l) => l.startsWith(`configmap/${prefix}-`));

  it('--cascade=foreground returns once the dependents and then the owner are gone', async () => {
    await family('fg', 2);
    expect(await k('-n', 'gc', 'delete', 'configmap', 'fg-owner', '--cascade=foreground', '--timeout=30s')).toBe('configmap "fg-owner" deleted\n');
    expect(await names('fg')).toEqual([]);
    expect((await kr('-n', 'gc', 'get', 'configmap', 'fg-owner')).stderr).toBe('Error from server (NotFound): configmaps "fg-owner" not found\n');
  });

  it('--cascade=orphan returns once the owner is gone and keeps the dependents without the reference', async () => {
    await family('or', 2);
    expect(await k('-n', 'gc', 'delete', 'configmap', 'or-owner', '--cascade=orphan', '--timeout=30s')).toBe('configmap "or-owner" deleted\n');
    expect(await names('or')).toEqual(['configmap/or-dep-0', 'configmap/or-dep-1']);
    expect(await k('-n', 'gc', 'get', 'configmap', 'or-dep-0', 'or-dep-1', '-o', 'jsonpath={.items[*].metadata.ownerReferences}')).toBe('');
  });

  it('--cascade=background (the default) deletes the owner, then the collector deletes the dependents', async () => {
    await family('bg', 2);
    expect(await k('-n', 'gc', 'delete', 'configmap', 'bg-owner')).toBe('configmap "bg-owner" deleted\n');
    const deadline = Date.now() + 20_000;
    while ((await names('bg')).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await names('bg')).toEqual([]);
  });

  it('collects in a tenant workspace too: --cascade=foreground and background there leave root alone', async () => {
    await createReadyWorkspace(stack!.kubeconfigPath, cacheDir, stack!.server, 'gc-tenant');
    const at = [`--server=${stack!.server}/clusters/root:gc-tenant`];
    await k(...at, 'create', 'namespace', 'gc');
    await family('tw', 2);
    await family('tw', 2, at);
    expect(await k(...at, '-n', 'gc', 'delete', 'configmap', 'tw-owner', '--cascade=foreground', '--timeout=30s')).toBe('configmap "tw-owner" deleted\n');
    expect(await names('tw', at)).toEqual([]);
    expect(await names('tw')).toEqual(['configmap/tw-dep-0', 'configmap/tw-dep-1', 'configmap/tw-owner']);

    await family('tb', 1, at);
    expect(await k(...at, '-n', 'gc', 'delete', 'configmap', 'tb-owner')).toBe('configmap "tb-owner" deleted\n');
    const deadline = Date.now() + 20_000;
    while ((await names('tb', at)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await names('tb', at)).toEqual([]);
  });
});
