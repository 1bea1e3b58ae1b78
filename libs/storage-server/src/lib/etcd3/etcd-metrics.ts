import { Counter, Histogram, type Registry } from 'prom-client';

/** Records one etcd request: `done()` observes its duration and counts it. */
export interface EtcdRequestTimer {
  done(): void;
}

/** Bound on distinct `type` label values: keys of an unexpected shape must not grow the series without limit. */
const maxTypes = 256;

/**
 * etcd_request_duration_seconds{operation,type} and etcd_requests_total{operation,type}, as kube-apiserver
 * exports them. `type` is the resource segment of the key (`/registry/<group>/<resource>/...`), never a
 * workspace, namespace or object name.
 */
export class EtcdMetrics {
  private readonly duration: Histogram<'operation' | 'type'>;
  private readonly total: Counter<'operation' | 'type'>;
  private readonly types = new Set<string>();

  constructor(registry: Registry) {
    this.duration = getOrCreate(registry, 'etcd_request_duration_seconds', () =>
      new Histogram({
        name: 'etcd_request_duration_seconds',
        help: 'Etcd request latency in seconds for each operation and object type.',
        labelNames: ['operation', 'type'],
        buckets: [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60],
        registers: [registry],
      }),
    );
    this.total = getOrCreate(registry, 'etcd_requests_total', () =>
      new Counter({
        name: 'etcd_requests_total',
        help: 'Etcd request counts for each operation and object type.',
        labelNames: ['operation', 'type'],
        registers: [registry],
      }),
    );
  }

  /** Starts timing one request of `operation` on `key`. */
  start(operation: string, key: string): EtcdRequestTimer {
    const labels = { operation, type: this.typeOf(key) };
    const end = this.duration.startTimer(labels);
    return {
      done: () => {
        end();
        this.total.inc(labels);
      },
    };
  }

  private typeOf(key: string): string {
    const parts = key.split('/');
    // ['', 'registry', '<group>', '<resource>', ...]
    const resource = parts.length > 3 && parts[1] === 'registry' ? parts[3] : '';
    if (!/^[a-z0-9][a-z0-9.-]{0,62}$/.test(resource)) return 'unknown';
    if (this.types.has(resource)) return resource;
    if (this.types.size >= maxTypes) return 'other';
    this.types.add(resource);
    return resource;
  }
}

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  // Two storages may share one registry: reuse the metric instead of failing on a duplicate name.
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}
