import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from '@strata/testing';
import { kubectlOk } from './support/kubectl';
import { createReadyWorkspace } from './support/workspaces';

describe('stack restart e2e (data kept)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-e2e-restart-'));
  const dataDir = join(dir, 'data');
  const cacheDir = join(dir, 'kube-cache');
  let stack: Stack | undefined;

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves what was written before a full stop, with the same CA, token and kubeconfig', async () => {
    stack = await Stack.start({ dataDir });
    const first = stack;
    const kubeconfigBefore = readFileSync(first.kubeconfigPath, 'utf8');
    const teamB = `--server=${first.server}/clusters/root:team-b`;
    mkdirSync(cacheDir, { recursive: true });
    await createReadyWorkspace(first.kubeconfigPath, cacheDir, first.server, 'team-b');
    await kubectlOk(first.kubeconfigPath, cacheDir, [teamB, 'create', 'configmap', 'keep', '--from-literal=k=v']);
    await first.stop();

    stack = await Stack.start({ dataDir });
    expect(stack.server).toBe(first.server);
    expect(readFileSync(stack.kubeconfigPath, 'utf8')).toBe(kubeconfigBefore);
    const value = await kubectlOk(stack.kubeconfigPath, cacheDir, [teamB, 'get', 'cm', 'keep', '-o', 'jsonpath={.data.k}']);
    expect(value).toBe('v');
    const ns = await kubectlOk(stack.kubeconfigPath, cacheDir, ['get', 'namespace', 'default', '-o', 'name']);
    expect(ns.trim()).toBe('namespace/default');
  });
});
