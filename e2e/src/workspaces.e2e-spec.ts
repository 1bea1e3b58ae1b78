import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Etcd3 } from 'etcd3';
import { Stack, StackProcess, freePort } from '@strata/testing';

const repoRoot = resolve(__dirname, '../..');

/** Polls `check` every `intervalMs` until it holds; rejects after `timeoutMs` naming `what`. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 1_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl (and so the kubectl-ws plugin from bin/) with `kubeconfig`, as a user would. */
function kubectl(kubeconfig: string, cacheDir: string, args: readonly string[]): Promise<Run> {
  return new Promise((done, fail) => {
    execFile(
      'kubectl',
      args[0] === 'ws' ? args : ['--cache-dir', cacheDir, '--request-timeout', '30s', ...args],
      {
        timeout: 150_000,
        env: { ...process.env, KUBECONFIG: kubeconfig, PATH: `${join(repoRoot, 'bin')}:${process.env['PATH'] ?? ''}` },
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return fail(err);
        done({ code: err ? Number(err.code) : 0, stdout, stderr });
      },
    );
  });
}

describe('workspaces e2e (kubectl ws, isolation, deletion purge, controller crash)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-e2e-ws-'));
  const dataDir = join(dir, 'data');
  const cacheDir = join(dir, 'kube-cache');
  const kubeconfig = join(dir, 'kubeconfig');
  let stack: Stack | undefined;
  let etcd: Etcd3 | undefined;
  let spareController: StackProcess | undefined;

  const ok = async (...args: string[]) => {
    const res = await kubectl(kubeconfig, cacheDir, args);
    if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${res.code}:\n${res.stderr}${res.stdout}`);
    return res.stdout;
  };

  beforeAll(async () => {
    stack = await Stack.start({ dataDir });
    copyFileSync(stack.kubeconfigPath, kubeconfig);
    etcd = new Etcd3({ hosts: [...stack.etcdEndpoints] });
  });

  afterAll(async () => {
    etcd?.close();
    await spareController?.stop();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const clusterIdOf = async (workspacePath: string) => {
    const parts = workspacePath.split(':');
    const server = `--server=${stack!.server}/clusters/${parts.slice(0, -1).join(':')}`;
    return (await ok(server, 'get', 'workspace', parts.at(-1)!, '-o', 'jsonpath={.spec.cluster}')).trim();
  };
  const keysOf = async (id: string) => (await etcd!.getAll().prefix('').keys()).filter((k) => k.split('/').includes(id));

  it('creates nested workspaces with kubectl ws, moves between them, and keeps their objects apart', async () => {
    const created = await ok('ws', 'create', 'acme', '--enter');
    expect(created).toContain('Workspace "acme" (type root:universal) created. Waiting for it to be ready...');
    expect(created).toContain('Workspace "acme" (type root:universal) is ready to use.');
    expect(created).toContain('Current workspace is "root:acme"');
    await ok('ws', 'create', 'team-a');
    expect(await ok('ws', 'use', 'team-a')).toContain('Current workspace is "root:acme:team-a"');
    expect(await ok('ws', 'current')).toContain('Current workspace is "root:acme:team-a"');
    await ok('create', 'configmap', 'in-team', '--from-literal=a=1');
    expect(await ok('ws', '..')).toContain('Current workspace is "root:acme"');
    const inAcme = await kubectl(kubeconfig, cacheDir, ['get', 'configmap', 'in-team']);
    expect(inAcme.code).not.toBe(0);
    expect(inAcme.stderr).toContain('configmaps "in-team" not found');
    await ok('create', 'configmap', 'in-acme', '--from-literal=b=2');
    expect(await ok('ws', '-')).toContain('Current workspace is "root:acme:team-a"');
    expect((await ok('get', 'configmap', 'in-team', '-o', 'jsonpath={.data.a}')).trim()).toBe('1');
    expect(await ok('ws', 'root')).toContain('Current workspace is "root"');
    expect(await ok('ws', 'use', 'root:acme:team-a')).toContain('Current workspace is "root:acme:team-a"');
    await ok('ws', ':root');
    const tree = await ok('ws', 'tree');
    expect(tree).toContain('└── root\n    └── acme\n        └── team-a');
    const missing = await kubectl(kubeconfig, cacheDir, ['ws', 'use', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('workspace "root:nope" not found');
    // The owner is cluster-admin of the new workspace, through a bootstrapped binding.
    const binding = await ok(`--server=${stack!.server}/clusters/root:acme`, 'get', 'clusterrolebinding', 'workspace-admin', '-o', 'jsonpath={.roleRef.name}');
    expect(binding).toBe('cluster-admin');
  });

  it('deletes a workspace with content and children leaving no key of either in etcd; the same name comes back empty with a new id', async () => {
    const acmeId = await clusterIdOf('root:acme');
    const teamId = await clusterIdOf('root:acme:team-a');
    expect(acmeId).toMatch(/^[a-z0-9]{12,16}$/);
    expect(teamId).toMatch(/^[a-z0-9]{12,16}$/);
    expect((await keysOf(acmeId)).length).toBeGreaterThan(3);
    await ok('delete', 'workspace', 'acme', '--wait=false');
    await eventually('acme to be deleted', async () => (await kubectl(kubeconfig, cacheDir, ['get', 'workspace', 'acme'])).code !== 0, 90_000, 500);
    for (const id of [acmeId, teamId]) expect(await keysOf(id)).toEqual([`/registry/strata.dev/clusterids/${id}`]);

    await ok('ws', 'create', 'acme');
    const newId = await clusterIdOf('root:acme');
    expect(newId).not.toBe(acmeId);
    const cms = await kubectl(kubeconfig, cacheDir, [`--server=${stack!.server}/clusters/root:acme`, 'get', 'configmaps', '-A', '-o', 'name']);
    expect(cms.code).toBe(0);
    expect(cms.stdout.trim()).toBe('');
    const children = await kubectl(kubeconfig, cacheDir, [`--server=${stack!.server}/clusters/root:acme`, 'get', 'workspaces', '-o', 'name']);
    expect(children.stdout.trim()).toBe('');
  });

  it('converges after the controller is killed mid-reconcile', async () => {
    const manifestOf = (batch: string[]) => batch.map((n) => `apiVersion: tenancy.strata.dev/v1alpha1\nkind: Workspace\nmetadata:\n  name: ${n}\n`).join('---\n');
    const first = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    const second = ['k7', 'k8', 'k9', 'k10', 'k11', 'k12'];
    const names = [...first, ...second];
    const file = join(dir, 'many.yaml');
    writeFileSync(file, manifestOf(first));
    await ok(`--server=${stack!.server}/clusters/root`, 'create', '-f', file);
    // Killed while it works on the first batch (a workspace takes one Txn now, so some may be done already); the
    // second batch arrives while no controller runs, so the new replica certainly has work left to take over.
    stack!.service('workspace-controller')!.killNow();
    writeFileSync(file, manifestOf(second));
    await ok(`--server=${stack!.server}/clusters/root`, 'create', '-f', file);
    const metricsPort = await freePort();
    spareController = await StackProcess.spawn({
      name: 'workspace-controller-2',
      command: process.execPath,
      args: [
        join(repoRoot, 'dist/apps/workspace-controller/main.js'),
        '--kubeconfig', stack!.kubeconfigPath,
        '--storage-addresses', stack!.storageAddress,
        '--metrics-port', String(metricsPort),
      ],
      logFile: join(dataDir, 'logs', 'workspace-controller-2.log'),
      cwd: repoRoot,
    });
    const phases = async () =>
      (await ok(`--server=${stack!.server}/clusters/root`, 'get', 'workspaces', ...names, '-o', 'jsonpath={range .items[*]}{.status.phase}{" "}{end}')).trim().split(' ');
    // The dead replica's lease expires (15 s) before the new one takes over.
    await eventually('every workspace Ready', async () => (await phases()).every((p) => p === 'Ready'), 120_000);
    const ids = await Promise.all(names.map((n) => clusterIdOf(`root:${n}`)));
    expect(new Set(ids).size).toBe(names.length);
    // The new replica took the lease over from the dead one, and reports the kube work queue and phase metrics.
    const lease = await ok(`--server=${stack!.server}/clusters/root`, 'get', 'lease', '-n', 'kube-system', 'workspace-controller', '-o', 'json');
    const spec = (JSON.parse(lease) as { spec: { holderIdentity: string; leaseDurationSeconds: number; leaseTransitions: number } }).spec;
    expect(spec.leaseDurationSeconds).toBe(15);
    expect(spec.leaseTransitions).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    // The registry adds its component label; the metric's own labels are phase and name only.
    expect(metrics).toMatch(/^strata_workspaces\{phase="Ready",component="workspace-controller"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^workqueue_depth\{name="workspace",component="workspace-controller"\} \d+$/m);
    expect(metrics).toMatch(/^workqueue_work_duration_seconds_count\{component="workspace-controller",name="workspace"\} [1-9]\d*$/m);
    for (const id of ids) {
      const keys = await keysOf(id);
      expect(keys).toContain(`/registry/core.strata.dev/logicalclusters/${id}/cluster`);
      expect(keys).toContain(`/registry/core/namespaces/${id}/default`);
    }
  });
});
