import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** kube-apiserver's apiserver_request_duration_seconds buckets. */
export const REQUEST_DURATION_BUCKETS = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];

const REQUEST_LABELS = ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'] as const;

/** The apiserver's request metrics, with kube-apiserver's names and labels (never object, workspace or user names). */
export interface ApiServerMetrics {
  readonly requestTotal: Counter<(typeof REQUEST_LABELS)[number] | 'code'>;
  readonly requestDuration: Histogram<(typeof REQUEST_LABELS)[number]>;
  readonly inflight: Gauge<'request_kind'>;
  readonly longrunning: Gauge<(typeof REQUEST_LABELS)[number]>;
}

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Registers the metrics on `registry` (reusing them when an app was already created on the same registry). */
export function createApiServerMetrics(registry: Registry): ApiServerMetrics {
  return {
    requestTotal: getOrCreate(registry, 'apiserver_request_total', () => new Counter({
      name: 'apiserver_request_total',
      help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      labelNames: [...REQUEST_LABELS, 'code'],
      registers: [registry],
    })),
    requestDuration: getOrCreate(registry, 'apiserver_request_duration_seconds', () => new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      labelNames: [...REQUEST_LABELS],
      buckets: REQUEST_DURATION_BUCKETS,
      registers: [registry],
    })),
    inflight: getOrCreate(registry, 'apiserver_current_inflight_requests', () => new Gauge({
      name: 'apiserver_current_inflight_requests',
      help: 'Maximal number of currently used inflight request limit of this apiserver per request kind in last second.',
      labelNames: ['request_kind'],
      registers: [registry],
    })),
    longrunning: getOrCreate(registry, 'apiserver_longrunning_requests', () => new Gauge({
      name: 'apiserver_longrunning_requests',
      help: 'Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component. Not all requests are tracked this way.',
      labelNames: [...REQUEST_LABELS],
      registers: [registry],
    })),
  };
}
