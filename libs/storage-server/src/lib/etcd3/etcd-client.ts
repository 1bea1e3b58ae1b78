import { Etcd3 } from 'etcd3';

/**
 * The largest etcd response Strata accepts (etcd itself sends up to math.MaxInt32). gRPC's default of 4 MiB is far
 * too small: the watch cache's initial list reads pages of 10,000 objects, ~10 MiB at 1 KiB each.
 */
export const ETCD_MAX_RECEIVE_BYTES = 2 ** 31 - 1;

/** An etcd3 client for Strata's storage: no receive-size cap below etcd's own. */
export function createEtcdClient(endpoints: string | readonly string[]): Etcd3 {
  return new Etcd3({
    hosts: typeof endpoints === 'string' ? endpoints : [...endpoints],
    grpcOptions: { 'grpc.max_receive_message_length': ETCD_MAX_RECEIVE_BYTES },
  });
}
