import { RemoteStorage, type WatchEvent } from '@strata/storage';
import { describeStorageConformance, WatchReader } from '@strata/storage/testing';
import { EtcdProcess } from '@strata/testing';
import { Etcd3 } from 'etcd3';
import { pino } from 'pino';
import { Etcd3Storage } from '../etcd3/etcd3-storage';
import { useTwoReplicas } from '../../testing/two-replicas';
import { startStorageGrpcServer, type StorageGrpcServer } from './storage-grpc-server';

describeStorageConformance('RemoteStorage over gRPC conformance (integration, real etcd)', async () => {
  const etcd = await EtcdProcess.start();
  const etcdClient = new Etcd3({ hosts: etcd.endpoint });
  let server: StorageGrpcServer | undefined;
  let remote: RemoteStorage | undefined;
  try {
    server = await startStorageGrpcServer({ storage: new Etcd3Storage({ etcdClient, bookmarkIntervalMs: 500 }), port: 0 });
    remote = new RemoteStorage({ addresses: [`127.0.0.1:${server.port}`], callTimeoutMs: 10_000 });
  } catch (err) {
    await server?.stop();
    etcdClient.close();
    await etcd.stop();
    throw err;
  }
  const started = { server, remote };
  return {
    storage: started.remote,
    compact: async (revision) => {
      await etcdClient.kv.compact({ revision, physical: true });
    },
    teardown: async () => {
      started.remote.close();
      await started.server.stop();
      etcdClient.close();
      await etcd.stop();
    },
  };
});

describe('RemoteStorage failover (integration, real etcd, two gRPC servers)', () => {
  const logLines: string[] = [];
  const replicas = useTwoReplicas({ logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }) });

  it('a watch continues on the other server without gap or duplicate when its server dies', async () => {
    const prefix = '/registry/core/configmaps/failover/';
    const start = await replicas.remote.currentRevision();
    const controller = new AbortController();
    const reader = new WatchReader(replicas.remote.watch(prefix, { recursive: true, resourceVersion: String(start), signal: controller.signal }), controller);
    const written: number[] = [];
    const received: WatchEvent[] = [];
    let n = 0;
    const writeSome = async (count: number) => {
      for (let i = 0; i < count; i++, n++) {
        written.push((await replicas.remote.create(`${prefix}k${String(n).padStart(3, '0')}`, Buffer.from(`{"i":${n}}`))).modRevision);
      }
    };
    try {
      await writeSome(5);
      received.push(...(await reader.take(5)));
      // The watch runs on one of the two servers: stopping each in turn (restarting the first on its port)
      // is sure to kill the one serving it while writes go on.
      for (const index of [0, 1]) {
        const port = replicas.servers[index]!.port;
        const stopping = replicas.servers[index]!.stop();
        await writeSome(5);
        await stopping;
        await writeSome(5);
        received.push(...(await reader.take(written.length - received.length)));
        if (index === 0) replicas.servers[0] = await startStorageGrpcServer({ storage: replicas.storage, port });
      }
      expect(received.map((e) => e.revision)).toEqual(written);
      expect(received.every((e) => e.type === 'ADDED')).toBe(true);
      expect(logLines.some((l) => l.includes('storage watch broke, resuming on another replica'))).toBe(true);
      // A deletePrefix produces many events at one revision: still none lost or repeated.
      const del = await replicas.remote.deletePrefix(prefix);
      const deletes = await reader.take(del.deleted);
      expect(new Set(deletes.map((e) => e.kv?.key)).size).toBe(del.deleted);
      expect(deletes.every((e) => e.type === 'DELETED' && e.revision === del.revision)).toBe(true);
    } finally {
      reader.close();
    }
  }, 60_000);
});
