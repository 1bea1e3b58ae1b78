import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** Which discovery representation a client's Accept header asks for first. */
export type DiscoveryFormat = 'aggregated' | 'legacy';

interface AcceptClause {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
}

/** Accept header clauses, best first (by q, then order), like goautoneg. */
export function parseAccept(accept: string | undefined): AcceptClause[] {
  const clauses = (accept ?? '').split(',').flatMap((raw, index) => {
    const [type, ...rest] = raw.split(';').map((s) => s.trim());
    if (!type) return [];
    const params = new Map(rest.map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
    const q = params.has('q') ? Number(params.get('q')) : 1;
    params.delete('q');
    return [{ type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0, index }];
  });
  return clauses.filter((c) => c.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
}

/**
 * The discovery format for an Accept header: aggregated when the best acceptable clause is
 * `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`, legacy for plain JSON, `*\/*` or no
 * header; undefined when nothing acceptable is offered (kube answers 406).
 */
export function discoveryFormat(accept: string | undefined): DiscoveryFormat | undefined {
  if (!accept) return 'legacy';
  for (const c of parseAccept(accept)) {
    const jsonish = c.type === 'application/json' || c.type === 'application/*' || c.type === '*/*';
    if (!jsonish) continue;
    if (c.params.get('as') === 'APIGroupDiscoveryList') {
      if (c.type === 'application/json' && c.params.get('g') === 'apidiscovery.k8s.io' && c.params.get('v') === 'v2') return 'aggregated';
      continue; // v2beta1 (removed in kube 1.33) and unknown versions: try the next clause.
    }
    if (!c.params.has('as')) return 'legacy';
  }
  return undefined;
}

/** The quoted ETag of a response body (upper-case hex SHA-512, as kube's discovery computes it). */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha512').update(body).digest('hex').toUpperCase()}"`;
}

/** Whether the request's If-None-Match names `etag` (or `*`), so a 304 answers it. */
export function notModified(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/**
 * Writes a cacheable discovery body: ETag, `Vary: Accept` (one URL, two representations), `Cache-Control:
 * public`, and 304 without a body when If-None-Match matches.
 */
export function writeDiscovery(req: Request, res: Response, contentType: string, body: Buffer): void {
  const etag = etagOf(body);
  res.setHeader('Cache-Control', 'public');
  res.setHeader('ETag', etag);
  res.setHeader('Vary', 'Accept');
  res.setHeader('Content-Type', contentType);
  if (notModified(req, etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}
