import { EtcdProcess } from '@strata/testing';
import type { Etcd3 } from 'etcd3';
import { Registry } from 'prom-client';
import { createEtcdClient } from './etcd-client';
import { COMPACT_REV_KEY, Compactor } from './compactor';

describe('Compactor (integration, real etcd)', () => {
  let etcd: EtcdProcess;
  let etcdClient: Etcd3;

  beforeAll(async () => {
    etcd = await EtcdProcess.start();
    etcdClient = createEtcdClient(etcd.endpoint);
  });
  afterAll(async () => {
    etcdClient?.close();
    await etcd?.stop();
  });

  const revision = async () => Number((await etcdClient.get('/x').exec()).header.revision);
  const readAt = (rev: number) => etcdClient.get('/registry/k').revision(rev).exec();

  it('compacts the previous round’s revision, once per round between two replicas', async () => {
    const a = new Compactor({ etcdClient, intervalMs: 0, metrics: new Registry() });
    const b = new Compactor({ etcdClient, intervalMs: 0 });
    await etcdClient.put('/registry/k').value('1');
    const early = await revision();

    // Round 1: a records the revision, nothing is compacted yet; b loses the round.
    expect(await a.round()).toBe(0);
    expect(await b.round()).toBe(0);
    await etcdClient.put('/registry/k').value('2');
    await expect(readAt(early)).resolves.toBeDefined();

    // Round 2: a wins again (same version) and compacts what round 1 recorded; b still loses this round.
    const compacted = await a.round();
    expect(compacted).toBeGreaterThanOrEqual(early);
    expect(await b.round()).toBe(0);
    await expect(readAt(early)).rejects.toThrow(/compacted/);
    // History after the compacted revision is still readable.
    await expect(readAt(await revision())).resolves.toBeDefined();

    const kv = (await etcdClient.get(COMPACT_REV_KEY).exec()).kvs[0];
    expect(Number(kv.version)).toBe(2);
  });

  it('runs on its interval once started and stops cleanly', async () => {
    const c = new Compactor({ etcdClient, intervalMs: 100 });
    await etcdClient.put('/registry/k').value('3');
    const before = Number((await etcdClient.get(COMPACT_REV_KEY).exec()).kvs[0]?.version ?? 0);
    c.start();
    await new Promise((r) => setTimeout(r, 700));
    await c.stop();
    const after = Number((await etcdClient.get(COMPACT_REV_KEY).exec()).kvs[0]?.version ?? 0);
    expect(after).toBeGreaterThan(before);
    await c.stop();
  });
});
