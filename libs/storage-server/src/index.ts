export {};
export { openEtcdWatch, prefixRangeEnd } from './lib/etcd3/raw-watch';
export type { EtcdWatchBatch, EtcdWatchEventRaw, EtcdWatchStream, OpenEtcdWatchOptions } from './lib/etcd3/raw-watch';
export { Etcd3Storage } from './lib/etcd3/etcd3-storage';
export type { Etcd3StorageOptions } from './lib/etcd3/etcd3-storage';
export { Cacher } from './lib/cacher/cacher';
export type { CacherOptions } from './lib/cacher/cacher';
