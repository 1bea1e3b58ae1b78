export {};
export { openEtcdWatch, prefixRangeEnd } from './lib/etcd3/raw-watch';
export type { EtcdWatchBatch, EtcdWatchEventRaw, EtcdWatchStream, OpenEtcdWatchOptions } from './lib/etcd3/raw-watch';
