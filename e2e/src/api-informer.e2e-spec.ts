import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Etcd3 } from 'etcd3';
import { Stack } from '@strata/testing';
import { apiRequest } from './support/api-request';
import { kubectlOk } from './support/kubectl';
import { LineProcess } from './support/line-process';

interface InformerLine {
  type: string;
  name?: string;
  resourceVersion?: string;
  data?: Record<string, string>;
  names?: string[];
  count?: number;
  objects?: Record<string, Record<string, string>>;
  message?: string;
}

const SCRIPT = resolve(__dirname, '../informer/informer-check.mjs');

// A @kubernetes/client-node 1.x informer (ESM-only, so it runs as a plain Node script) against the real stack: it
// lists, watches, and after its watch resumes from a resourceVersion etcd has compacted (410 Expired) it relists
// and converges, reporting the changes it missed.
describe('client-node informer e2e (real etcd, real processes, @kubernetes/client-node)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-e2e-informer-'));
  const cacheDir = join(dir, 'kube-cache');
  const ns = 'inf';
  let stack: Stack | undefined;
  let informer: LineProcess | undefined;
  let etcd: Etcd3 | undefined;
  const k = (...args: string[]) => kubectlOk(stack!.kubeconfigPath, cacheDir, ['-n', ns, ...args]);
  const parsed = (from = 0): InformerLine[] => informer!.lines.slice(from).map((l) => JSON.parse(l) as InformerLine);
  const waitFor = async (pred: (l: InformerLine) => boolean, from = 0): Promise<InformerLine> =>
    JSON.parse(await informer!.waitForLine((l) => pred(JSON.parse(l) as InformerLine), { from, timeoutMs: 30_000 })) as InformerLine;
  const summary = (lines: InformerLine[]) =>
    lines.filter((l) => ['add', 'update', 'delete'].includes(l.type)).map((l) => `${l.type} ${l.name} ${JSON.stringify(l.data)}`);

  beforeAll(async () => {
    stack = await Stack.start({ dataDir: join(dir, 'data') });
    etcd = new Etcd3({ hosts: [...stack.etcdEndpoints] });
    await kubectlOk(stack.kubeconfigPath, cacheDir, ['create', 'namespace', ns]);
    await k('create', 'configmap', 'pre1', '--from-literal=a=1');
    await k('create', 'configmap', 'pre2', '--from-literal=a=2');
  });

  afterAll(async () => {
    informer?.send('exit');
    await informer?.stop();
    etcd?.close();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the existing objects, then sees ADDED/MODIFIED/DELETED as add/update/delete', async () => {
    informer = await LineProcess.spawn(process.execPath, [SCRIPT, stack!.kubeconfigPath, ns]);
    const synced = await waitFor((l) => l.type === 'synced');
    expect(synced.names).toEqual(['pre1', 'pre2']);
    expect(parsed().filter((l) => l.type === 'list').map((l) => l.count)).toEqual([2]);
    const start = informer.lines.length;

    await k('create', 'configmap', 'live', '--from-literal=x=1');
    await k('label', 'configmap', 'live', 'seen=yes');
    await k('delete', 'configmap', 'pre2');
    await waitFor((l) => l.type === 'delete' && l.name === 'pre2', start);

    expect(summary(parsed(start))).toEqual(['add live {"x":"1"}', 'update live {"x":"1"}', 'delete pre2 {"a":"2"}']);
    expect(parsed().filter((l) => l.type === 'error')).toEqual([]);
  });

  it('survives a 410: a watch resumed from a compacted resourceVersion relists and converges', async () => {
    const start = informer!.lines.length;
    informer!.send('pause');
    const paused = await waitFor((l) => l.type === 'paused', start);
    const staleRv = paused.resourceVersion!;
    expect(staleRv).toMatch(/^\d+$/);

    // Changes the informer does not see while its watch is closed, then a compaction past its resourceVersion.
    await k('create', 'configmap', 'gap', '--from-literal=g=1');
    await k('patch', 'configmap', 'pre1', '--type', 'merge', '-p', '{"data":{"a":"changed"}}');
    await k('delete', 'configmap', 'live');
    const revision = Number((await etcd!.maintenance.status()).header.revision);
    expect(revision).toBeGreaterThan(Number(staleRv));
    await etcd!.kv.compact({ revision, physical: true });

    // What the informer's watch will meet: kube's 410 Expired as an ERROR event.
    const raw = await apiRequest(stack!.server, stack!.caPem, {
      method: 'GET',
      path: `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${staleRv}&timeoutSeconds=5`,
      token: stack!.adminToken,
    });
    expect(raw.status).toBe(200);
    const first = JSON.parse(raw.text.split('\n')[0] ?? '') as { type: string; object: { kind: string; reason: string; code: number } };
    expect(first).toMatchObject({ type: 'ERROR', object: { kind: 'Status', reason: 'Expired', code: 410 } });

    const beforeResume = informer!.lines.length;
    informer!.send('resume');
    await waitFor((l) => l.type === 'resumed', beforeResume);
    const relist = await waitFor((l) => l.type === 'list', beforeResume);
    expect(relist.count).toBe(2);
    expect(Number(relist.resourceVersion)).toBeGreaterThanOrEqual(revision);

    // The relist reports exactly what was missed: the deleted object, the new one, the changed one.
    await waitFor((l) => l.type === 'update' && l.name === 'pre1', beforeResume);
    expect(summary(parsed(beforeResume)).sort()).toEqual(['add gap {"g":"1"}', 'delete live {"x":"1"}', 'update pre1 {"a":"changed"}']);

    // And it watches on from the relisted resourceVersion.
    const afterRelist = informer!.lines.length;
    await k('create', 'configmap', 'after', '--from-literal=z=1');
    await waitFor((l) => l.type === 'add' && l.name === 'after', afterRelist);
    informer!.send('dump');
    const state = await waitFor((l) => l.type === 'state', afterRelist);
    expect(state.objects).toEqual({ pre1: { a: 'changed' }, gap: { g: '1' }, after: { z: '1' } });
    expect(parsed(beforeResume).filter((l) => l.type === 'error')).toEqual([]);
  });
});
