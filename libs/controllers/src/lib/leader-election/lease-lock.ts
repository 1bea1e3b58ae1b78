import type { ApiServerClient } from '../client/api-server-client';
import { toApiError } from '../client/api-server-client';

/** The leader-election fields of a coordination.k8s.io/v1 Lease spec. */
export interface LeaseRecord {
  readonly holderIdentity?: string;
  readonly leaseDurationSeconds?: number;
  readonly acquireTime?: string;
  readonly renewTime?: string;
  readonly leaseTransitions?: number;
}

/** A lease as read: its record and the resourceVersion an update must carry. */
export interface ObservedLease {
  readonly record: LeaseRecord;
  readonly resourceVersion: string;
}

/**
 * Where the election's lease lives (client-go's resourcelock.Interface); tests pass plain fakes.
 * `get` resolves undefined when there is no lease; `create` and `update` resolve false when they lost a race
 * (409: someone else created it, or it changed since `resourceVersion`); all reject on other failures.
 */
export interface LeaseLock {
  /** Names the lock in logs: namespace/name. */
  describe(): string;
  get(signal?: AbortSignal): Promise<ObservedLease | undefined>;
  create(record: LeaseRecord, signal?: AbortSignal): Promise<boolean>;
  update(record: LeaseRecord, resourceVersion: string, signal?: AbortSignal): Promise<boolean>;
}

/** Options of {@link createApiLeaseLock}. */
export interface ApiLeaseLockOptions {
  /** Path prefix of the workspace holding the lease, e.g. "/clusters/root". */
  readonly workspacePath: string;
  readonly namespace: string;
  readonly name: string;
}

/** A {@link LeaseLock} on a coordination.k8s.io/v1 Lease through the apiserver, with optimistic concurrency. */
export function createApiLeaseLock(apiServer: ApiServerClient, opts: ApiLeaseLockOptions): LeaseLock {
  const collection = `${opts.workspacePath}/apis/coordination.k8s.io/v1/namespaces/${opts.namespace}/leases`;
  const item = `${collection}/${opts.name}`;
  return {
    describe: () => `${opts.namespace}/${opts.name}`,
    async get(signal) {
      const res = await apiServer.request({ method: 'GET', path: item, signal });
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw toApiError(res);
      const lease = res.body as { metadata?: { resourceVersion?: string }; spec?: LeaseRecord };
      return { record: lease.spec ?? {}, resourceVersion: lease.metadata?.resourceVersion ?? '' };
    },
    async create(record, signal) {
      const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: opts.name, namespace: opts.namespace }, spec: record };
      let res = await apiServer.request({ method: 'POST', path: collection, body, signal });
      if (res.status === 404) {
        // The namespace is missing (a fresh installation): create it, like kube's bootstrap creates kube-system.
        const ns = await apiServer.request({
          method: 'POST',
          path: `${opts.workspacePath}/api/v1/namespaces`,
          body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: opts.namespace } },
          signal,
        });
        if (ns.status !== 201 && ns.status !== 200 && ns.status !== 409) throw toApiError(ns);
        res = await apiServer.request({ method: 'POST', path: collection, body, signal });
      }
      if (res.status === 409) return false;
      if (res.status !== 201 && res.status !== 200) throw toApiError(res);
      return true;
    },
    async update(record, resourceVersion, signal) {
      const body = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: opts.name, namespace: opts.namespace, resourceVersion },
        spec: record,
      };
      const res = await apiServer.request({ method: 'PUT', path: item, body, signal });
      if (res.status === 409) return false;
      if (res.status !== 200) throw toApiError(res);
      return true;
    },
  };
}
