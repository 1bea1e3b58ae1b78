import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectlOk } from './kubectl';

/**
 * Creates workspace `name` under root with plain YAML through kubectl (as a user without the plugin would) and
 * waits until its phase is Ready. Rejects when kubectl fails or the workspace is not Ready within `timeoutMs`.
 */
export async function createReadyWorkspace(
  kubeconfig: string,
  cacheDir: string,
  server: string,
  name: string,
  timeoutMs = 60_000,
): Promise<void> {
  const file = join(cacheDir, `workspace-${name}.yaml`);
  writeFileSync(file, `apiVersion: tenancy.strata.dev/v1alpha1\nkind: Workspace\nmetadata:\n  name: ${name}\n`);
  const root = `--server=${server}/clusters/root`;
  await kubectlOk(kubeconfig, cacheDir, [root, 'create', '-f', file]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const phase = await kubectlOk(kubeconfig, cacheDir, [root, 'get', 'workspace', name, '-o', 'jsonpath={.status.phase}']);
    if (phase === 'Ready') return;
    if (Date.now() > deadline) throw new Error(`workspace ${name} not Ready after ${timeoutMs} ms (phase "${phase}")`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
