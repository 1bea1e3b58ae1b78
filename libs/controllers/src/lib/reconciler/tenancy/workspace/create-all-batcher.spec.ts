import { MAX_CREATE_ALL, StorageError, StorageErrorCode } from '@strata/storage';
import type { CreateItem, Storage } from '@strata/storage';
import { Etcd3Storage, createEtcdClient } from '@strata/storage-server';
import { EtcdProcess } from '@strata/testing';
import { CreateAllBatcher } from './create-all-batcher';

const item = (key: string, value = 'v', expectedModRevision?: number): CreateItem => ({ key, value: Buffer.from(value), expectedModRevision });

describe('CreateAllBatcher (real etcd)', () => {
  let etcd: EtcdProcess;
  let etcdClient: ReturnType<typeof createEtcdClient>;
  let storage: Etcd3Storage;
  beforeAll(async () => {
    etcd = await EtcdProcess.start();
    etcdClient = createEtcdClient(etcd.endpoint);
    storage = new Etcd3Storage({ etcdClient });
  });
  afterAll(async () => {
    etcdClient?.close();
    await etcd?.stop();
  });

  /** The storage, counting its createAll calls and their sizes. */
  function counted() {
    const calls: number[] = [];
    const inner: Pick<Storage, 'createAll'> = { createAll: (items, opts) => (calls.push(items.length), storage.createAll(items, opts)) };
    return { calls, batcher: new CreateAllBatcher(inner) };
  }

  it('joins the calls of one turn into one Txn: one revision, each caller its own KeyValues in its order', async () => {
    const { calls, batcher } = counted();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.createAll([item(`/b1/${i}/a`, `a${i}`), item(`/b1/${i}/b`, `b${i}`)])));
    expect(calls).toEqual([20]);
    expect(new Set(results.flat().map((kv) => kv.modRevision)).size).toBe(1);
    results.forEach((kvs, i) => expect(kvs.map((kv) => [kv.key, Buffer.from(kv.value).toString()])).toEqual([[`/b1/${i}/a`, `a${i}`], [`/b1/${i}/b`, `b${i}`]]));
    expect((await storage.get('/b1/7/b')).kv.modRevision).toBe(results[0]?.[0]?.modRevision);
  });

  it("one caller's existing key or stale overwrite fails only that caller; the others are written, alone", async () => {
    await storage.create('/b2/taken', Buffer.from('x'));
    const stale = await storage.create('/b2/moving', Buffer.from('0'));
    await storage.update('/b2/moving', Buffer.from('1'), stale.modRevision);
    const { calls, batcher } = counted();
    const outcomes = await Promise.allSettled([
      batcher.createAll([item('/b2/ok1')]),
      batcher.createAll([item('/b2/new'), item('/b2/taken')]),
      batcher.createAll([item('/b2/ok2'), item('/b2/moving', 'late', stale.modRevision)]),
      batcher.createAll([item('/b2/ok3')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: StorageErrorCode.KeyExists, key: '/b2/taken' });
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ code: StorageErrorCode.Conflict, key: '/b2/moving' });
    // The joined Txn, then each caller alone.
    expect(calls).toEqual([6, 1, 2, 2, 1]);
    // All or nothing per caller: nothing of the failed callers' items was written.
    for (const key of ['/b2/new', '/b2/ok2']) await expect(storage.get(key)).rejects.toMatchObject({ code: StorageErrorCode.KeyNotFound });
    expect(Buffer.from((await storage.get('/b2/moving')).kv.value).toString()).toBe('1');
    for (const key of ['/b2/ok1', '/b2/ok3']) expect((await storage.get(key)).kv.key).toBe(key);
  });

  it('never exceeds one Txn: a call that would overflow the batch starts the next one', async () => {
    const { calls, batcher } = counted();
    const big = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => item(`${prefix}/${i}`));
    await Promise.all([batcher.createAll(big('/b3/a', 100)), batcher.createAll(big('/b3/b', 100)), batcher.createAll(big('/b3/c', 20))]);
    expect(calls).toEqual([100, 120]);
    expect(calls.every((n) => n <= MAX_CREATE_ALL)).toBe(true);
  });

  it('a failure that is nobody in particular (the service unreachable) reaches every caller', async () => {
    const down: Pick<Storage, 'createAll'> = { createAll: () => Promise.reject(new StorageError(StorageErrorCode.Unavailable, 'storage unavailable')) };
    const batcher = new CreateAllBatcher(down);
    const outcomes = await Promise.allSettled([batcher.createAll([item('/b4/a')]), batcher.createAll([item('/b4/b')])]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as StorageError).code : 'ok'))).toEqual([StorageErrorCode.Unavailable, StorageErrorCode.Unavailable]);
  });
});
