import { describeStorageConformance } from '@strata/storage/testing';
import { EtcdProcess } from '@strata/testing';
import { Etcd3 } from 'etcd3';
import { Etcd3Storage } from '../etcd3/etcd3-storage';
import { Cacher } from './cacher';

describeStorageConformance('Cacher conformance (integration, real etcd)', async () => {
  const etcd = await EtcdProcess.start();
  const etcdClient = new Etcd3({ hosts: etcd.endpoint });
  const cacher = new Cacher({ etcdClient, writeThrough: new Etcd3Storage({ etcdClient }), prefix: '/registry/', bookmarkIntervalMs: 500 });
  await cacher.start();
  return {
    storage: cacher,
    compact: async (revision) => {
      await etcdClient.kv.compact({ revision, physical: true });
    },
    teardown: async () => {
      await cacher.stop();
      etcdClient.close();
      await etcd.stop();
    },
  };
});
