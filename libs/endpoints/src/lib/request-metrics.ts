import type { ResourceRegistry } from '@strata/registry';
import type { ApiServerMetrics } from './metrics';
import type { RequestInfo } from './request-info';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT']);

/** The label values of one request; resource/group/version only for served resources, so labels stay bounded. */
export function requestLabels(info: RequestInfo, method: string, dryRun: boolean, registry: ResourceRegistry): Record<string, string> {
  const served = info.isResourceRequest ? registry.lookup(info.apiGroup, info.apiVersion, info.resource) : undefined;
  const upper = method.toUpperCase();
  let verb = KNOWN_METHODS.has(upper) ? upper : 'other';
  if (served && info.verb === 'list') verb = 'LIST';
  if (served && info.verb === 'watch') verb = 'WATCH';
  let scope = '';
  if (served) scope = info.name ? 'resource' : served.definition.info.namespaced && info.namespace ? 'namespace' : 'cluster';
  return {
    verb,
    dry_run: dryRun ? 'All' : '',
    group: served ? info.apiGroup : '',
    version: served ? info.apiVersion : '',
    resource: served ? info.resource : '',
    subresource: '',
    scope,
    component: 'apiserver',
  };
}

/**
 * Tracks one request: in-flight (or long-running for watches) while it runs, then the counter and latency.
 * Returns the function to call exactly once when the response is done.
 */
export function trackRequest(metrics: ApiServerMetrics, labels: Record<string, string>, longRunning: boolean): (code: number) => void {
  const kind = ['GET', 'HEAD', 'LIST', 'WATCH'].includes(labels['verb']) ? 'readOnly' : 'mutating';
  if (longRunning) metrics.longrunning.inc(labels);
  else metrics.inflight.inc({ request_kind: kind });
  const end = metrics.requestDuration.startTimer(labels);
  let done = false;
  return (code) => {
    if (done) return;
    done = true;
    if (longRunning) metrics.longrunning.dec(labels);
    else metrics.inflight.dec({ request_kind: kind });
    end();
    metrics.requestTotal.inc({ ...labels, code: String(code) });
  };
}
