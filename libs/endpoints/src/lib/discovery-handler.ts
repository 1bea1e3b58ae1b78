import { newNotAcceptable } from '@strata/apimachinery';
import type { ResourceRegistry } from '@strata/registry';
import type { Request, Response } from 'express';
import { apiGroupList, apiResourceList, apiVersions } from './discovery';
import { AGGREGATED_DISCOVERY_V2, aggregatedDiscovery } from './discovery-aggregated';
import { discoveryFormat, writeDiscovery } from './discovery-http';

/**
 * Answers discovery paths (`/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`, already stripped of the workspace
 * prefix): aggregated v2 for /api and /apis when the Accept header asks for it, legacy otherwise. Returns false for
 * any other path or an unserved group/version (the caller answers 404). Throws 406 NotAcceptable when the Accept
 * header offers nothing servable.
 */
export function serveDiscovery(path: string, registry: ResourceRegistry, req: Request, res: Response): boolean {
  const root = path === '/api' || path === '/apis';
  const m = root ? null : /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!root && !m) return false;
  const format = discoveryFormat(req.headers.accept);
  if (format === undefined) {
    throw newNotAcceptable('only the following media types are accepted: application/json, ' + AGGREGATED_DISCOVERY_V2);
  }
  if (root && format === 'aggregated') {
    const body = Buffer.from(JSON.stringify(aggregatedDiscovery(registry, path === '/api')));
    writeDiscovery(req, res, AGGREGATED_DISCOVERY_V2, body);
    return true;
  }
  let legacy: Record<string, unknown> | undefined;
  if (path === '/api') legacy = apiVersions(req.headers.host ?? '');
  else if (path === '/apis') legacy = apiGroupList(registry);
  else if (m) legacy = apiResourceList(registry, m[2] ?? '', m[1] ?? m[3]);
  if (!legacy) return false;
  writeDiscovery(req, res, 'application/json', Buffer.from(JSON.stringify(legacy)));
  return true;
}
