import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Creates the one Prometheus registry of an app, with the default process and Node.js metrics registered.
 * Each app owns exactly one registry (never the global one), so tests can run several components in one process.
 * `component` becomes the `component` default label of every series (a fixed, low-cardinality value).
 */
export function createMetricsRegistry(component: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ component });
  collectDefaultMetrics({ register: registry });
  return registry;
}
