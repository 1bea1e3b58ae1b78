import { describeStorageConformance } from '@strata/storage/testing';
import { EtcdProcess } from '@strata/testing';
import { Etcd3 } from 'etcd3';
import { Registry } from 'prom-client';
import { Etcd3Storage } from './etcd3-storage';

describeStorageConformance('Etcd3Storage conformance (integration, real etcd)', async () => {
  const etcd = await EtcdProcess.start();
  const etcdClient = new Etcd3({ hosts: etcd.endpoint });
  const storage = new Etcd3Storage({ etcdClient, metrics: new Registry(), bookmarkIntervalMs: 500 });
  return {
    storage,
    compact: async (revision) => {
      await etcdClient.kv.compact({ revision, physical: true });
    },
    teardown: async () => {
      etcdClient.close();
      await etcd.stop();
    },
  };
});

describe('Etcd3Storage specifics (integration, real etcd)', () => {
  let etcd: EtcdProcess | undefined;
  let etcdClient: Etcd3 | undefined;
  const registry = new Registry();
  let storage: Etcd3Storage;

  beforeAll(async () => {
    etcd = await EtcdProcess.start();
    etcdClient = new Etcd3({ hosts: etcd.endpoint });
    storage = new Etcd3Storage({ etcdClient, metrics: registry });
  }, 60_000);

  afterAll(async () => {
    etcdClient?.close();
    await etcd?.stop();
  });

  it('uses kube\'s messages for a compacted list and watch', async () => {
    const a = await storage.create('/registry/core/secrets/w1/default/a', Buffer.from('{}'));
    const b = await storage.create('/registry/core/secrets/w1/default/b', Buffer.from('{}'));
    const c = await storage.create('/registry/core/secrets/w1/default/c', Buffer.from('{}'));
    expect(c.modRevision).toBeGreaterThan(b.modRevision);
    await etcdClient!.kv.compact({ revision: c.modRevision, physical: true });
    await expect(
      storage.list('/registry/core/secrets/w1/', { resourceVersion: String(a.modRevision), resourceVersionMatch: 'Exact' }),
    ).rejects.toMatchObject({ code: 'ResourceVersionExpired', message: 'The resourceVersion for the provided list is too old.' });
    const it = storage.watch('/registry/core/secrets/w1/', { recursive: true, resourceVersion: String(a.modRevision) })[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toMatchObject({
      code: 'ResourceVersionExpired',
      message: 'The resourceVersion for the provided watch is too old.',
      revision: c.modRevision,
    });
  });

  it('records etcd request metrics by operation and resource, never by workspace or object name', async () => {
    await storage.create('/registry/core/configmaps/wsname/default/objname', Buffer.from('{}'));
    await storage.get('/registry/core/configmaps/wsname/default/objname');
    const text = await registry.metrics();
    expect(text).toMatch(/etcd_requests_total\{operation="create",type="configmaps"\} 1/);
    expect(text).toMatch(/etcd_request_duration_seconds_count\{operation="get",type="configmaps"\} 1/);
    expect(text).not.toMatch(/wsname|objname/);
  });

  it('rejects InvalidArgument, deleting nothing, when deletePrefixes exceeds the --max-txn-ops etcd runs with', async () => {
    const small = await EtcdProcess.start({ args: ['--max-txn-ops', '2'] });
    const client = new Etcd3({ hosts: small.endpoint });
    try {
      const store = new Etcd3Storage({ etcdClient: client });
      for (const p of ['a', 'b', 'c']) await store.create(`/registry/core/configmaps/${p}/x`, Buffer.from('{}'));
      const prefixes = ['a', 'b', 'c'].map((p) => `/registry/core/configmaps/${p}/`);
      await expect(store.deletePrefixes(prefixes)).rejects.toMatchObject({ code: 'InvalidArgument', message: expect.stringContaining('too many operations') });
      expect(await store.count('/registry/core/configmaps/')).toBe(3);
      expect((await store.deletePrefixes(prefixes.slice(0, 2))).deleted).toBe(2);
    } finally {
      client.close();
      await small.stop();
    }
  }, 60_000);

  it('rejects Unavailable when etcd is down', async () => {
    await etcd!.kill(true);
    try {
      await expect(storage.currentRevision()).rejects.toMatchObject({ code: 'Unavailable' });
    } finally {
      await etcd!.restart();
    }
  }, 60_000);
});
