import { Etcd3 } from 'etcd3';
import { RemoteStorage, type RemoteStorageOptions } from '@strata/storage';
import { EtcdProcess } from '@strata/testing';
import { Etcd3Storage } from '../lib/etcd3/etcd3-storage';
import { startStorageGrpcServer, type StorageGrpcServer } from '../lib/grpc/storage-grpc-server';

/** Two watch-cache-like replicas of one etcd, for failover specs; see {@link useTwoReplicas}. */
export interface TwoReplicas {
  /** The storage both servers serve (tests restart a server over it). */
  readonly storage: Etcd3Storage;
  /** The two servers; a test may replace one it restarted (afterAll stops what is there then). */
  readonly servers: StorageGrpcServer[];
  /** A client over both, 5 s per call. */
  readonly remote: RemoteStorage;
}

/**
 * Registers a beforeAll that starts a real etcd, two storage gRPC servers over it and a RemoteStorage over both
 * (`remote` options added to it, e.g. a logger), and an afterAll that stops them all, even when a test failed.
 * Read the fields inside tests.
 */
export function useTwoReplicas(remote: Partial<RemoteStorageOptions> = {}): TwoReplicas {
  let etcd: EtcdProcess | undefined;
  let etcdClient: Etcd3 | undefined;
  let started: { storage: Etcd3Storage; remote: RemoteStorage } | undefined;
  const servers: StorageGrpcServer[] = [];
  beforeAll(async () => {
    etcd = await EtcdProcess.start();
    etcdClient = new Etcd3({ hosts: etcd.endpoint });
    const storage = new Etcd3Storage({ etcdClient });
    servers.push(await startStorageGrpcServer({ storage, port: 0 }));
    servers.push(await startStorageGrpcServer({ storage, port: 0 }));
    started = { storage, remote: new RemoteStorage({ addresses: servers.map((s) => `127.0.0.1:${s.port}`), callTimeoutMs: 5_000, ...remote }) };
  }, 60_000);
  afterAll(async () => {
    started?.remote.close();
    for (const s of servers) await s.stop();
    etcdClient?.close();
    await etcd?.stop();
  }, 30_000);
  const get = () => {
    if (!started) throw new Error('the replicas are not started yet (use them inside tests)');
    return started;
  };
  return {
    get storage() {
      return get().storage;
    },
    servers,
    get remote() {
      return get().remote;
    },
  };
}
