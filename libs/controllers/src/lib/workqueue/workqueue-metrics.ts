import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** What a queue reports about its in-flight work when the registry is scraped. */
export interface InFlightSource {
  readonly name: string;
  /** Seconds of work in flight not yet reported as done, summed over processing items. */
  unfinishedSeconds(): number;
  /** Seconds the longest-running item has been processing. */
  longestRunningSeconds(): number;
}

/** The client-go work queue metrics of one registry; every queue on it shares them, told apart by the `name` label. */
export interface WorkQueueMetrics {
  readonly adds: Counter<'name'>;
  readonly depth: Gauge<'name'>;
  readonly queueDuration: Histogram<'name'>;
  readonly workDuration: Histogram<'name'>;
  readonly retries: Counter<'name'>;
  /** Adds refused because the queue was at its bound (not a client-go metric; nonzero means the bound is too low). */
  readonly dropped: Counter<'name'>;
  /** Registers a queue's in-flight gauges; returns the function that removes it. */
  track(source: InFlightSource): () => void;
}

// client-go's buckets: 10ns .. 1s (exponential, factor 10, 10 buckets).
const BUCKETS = Array.from({ length: 10 }, (_, i) => 1e-8 * 10 ** i);

const perRegistry = new WeakMap<Registry, WorkQueueMetrics>();

/**
 * The work queue metrics on `registry`, created once per registry with client-go's names
 * (workqueue_adds_total, workqueue_depth, workqueue_queue_duration_seconds, workqueue_work_duration_seconds,
 * workqueue_retries_total, workqueue_unfinished_work_seconds, workqueue_longest_running_processor_seconds) so the
 * Kubernetes dashboards work unchanged. The only label is `name`, the queue's fixed name.
 */
export function workQueueMetrics(registry: Registry): WorkQueueMetrics {
  const existing = perRegistry.get(registry);
  if (existing) return existing;
  const sources = new Set<InFlightSource>();
  const registers = [registry];
  const collectFrom = (pick: (s: InFlightSource) => number) =>
    function (this: Gauge<'name'>) {
      this.reset();
      for (const s of sources) this.set({ name: s.name }, pick(s));
    };
  const metrics: WorkQueueMetrics = {
    adds: new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: ['name'], registers }),
    depth: new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: ['name'], registers }),
    queueDuration: new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested.',
      labelNames: ['name'],
      buckets: BUCKETS,
      registers,
    }),
    workDuration: new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes.',
      labelNames: ['name'],
      buckets: BUCKETS,
      registers,
    }),
    retries: new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: ['name'], registers }),
    dropped: new Counter({
      name: 'workqueue_dropped_total',
      help: 'Total number of adds refused because the workqueue was at its bound',
      labelNames: ['name'],
      registers,
    }),
    track(source) {
      sources.add(source);
      return () => sources.delete(source);
    },
  };
  new Gauge({
    name: 'workqueue_unfinished_work_seconds',
    help: 'How many seconds of work has done that is in progress and hasn\'t been observed by work_duration. Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.',
    labelNames: ['name'],
    registers,
    collect: collectFrom((s) => s.unfinishedSeconds()),
  });
  new Gauge({
    name: 'workqueue_longest_running_processor_seconds',
    help: 'How many seconds has the longest running processor for workqueue been running.',
    labelNames: ['name'],
    registers,
    collect: collectFrom((s) => s.longestRunningSeconds()),
  });
  perRegistry.set(registry, metrics);
  return metrics;
}
