export { EtcdProcess } from './lib/etcd-process';
export type { EtcdProcessOptions } from './lib/etcd-process';
export { freePort, waitFor } from './lib/free-port';
