import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The watch cache's metrics, with the names kube-apiserver uses. Labels are resource names
 * ("configmaps", "deployments.apps") and fixed values only, never a workspace or an object.
 */
export class CacherMetrics {
  readonly eventsReceived: Counter<'resource'>;
  readonly eventsDispatched: Counter<'resource'>;
  readonly resourceVersion: Gauge<'resource'>;
  readonly initializations: Counter<'resource'>;
  readonly readWait: Histogram<'resource'>;
  readonly consistentReads: Counter<'resource' | 'success' | 'fallback'>;
  readonly capacity: Gauge<'resource'>;
  readonly objects: Gauge<'resource'>;
  readonly terminatedWatchers: Counter<'resource'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.eventsReceived = new Counter({ name: 'apiserver_watch_cache_events_received_total', help: 'Events received by the watch cache from etcd.', labelNames: ['resource'], registers });
    this.eventsDispatched = new Counter({ name: 'apiserver_watch_cache_events_dispatched_total', help: 'Events dispatched to watchers.', labelNames: ['resource'], registers });
    this.resourceVersion = new Gauge({ name: 'apiserver_watch_cache_resource_version', help: 'Current resource version of the watch cache.', labelNames: ['resource'], registers });
    this.initializations = new Counter({ name: 'apiserver_watch_cache_initializations_total', help: 'Watch cache initializations (initial list and relists).', labelNames: ['resource'], registers });
    this.readWait = new Histogram({
      name: 'apiserver_watch_cache_read_wait_seconds',
      help: 'Time a read waited for the watch cache to become fresh enough.',
      labelNames: ['resource'],
      buckets: [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3],
      registers,
    });
    this.consistentReads = new Counter({
      name: 'apiserver_watch_cache_consistent_read_total',
      help: 'Consistent reads served by the watch cache (fallback="true": delegated to etcd).',
      labelNames: ['resource', 'success', 'fallback'],
      registers,
    });
    this.capacity = new Gauge({ name: 'watch_cache_capacity', help: 'Capacity of the watch cache event history.', labelNames: ['resource'], registers });
    this.objects = new Gauge({ name: 'apiserver_storage_objects', help: 'Number of stored objects per resource.', labelNames: ['resource'], registers });
    this.terminatedWatchers = new Counter({
      name: 'apiserver_terminated_watchers_total',
      help: 'Watchers closed because they did not keep up.',
      labelNames: ['resource'],
      registers,
    });
  }
}

/**
 * The kube resource name of a key under `prefix` (`/registry/<group>/<resource>/...`): "configmaps" for the
 * core group, "<resource>.<group>" otherwise; "" when the key has no resource segment.
 */
export function resourceOfKey(prefix: string, key: string): string {
  const rest = key.startsWith(prefix) ? key.slice(prefix.length) : key;
  const [group, resource] = rest.split('/', 3);
  if (!group || !resource) return '';
  return group === 'core' ? resource : `${resource}.${group}`;
}
