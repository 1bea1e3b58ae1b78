import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { RequestScope, ServedResource } from '@strata/registry';
import type { RequestInfo } from './request-info';

/** What every verb handler gets: the parsed request, the resource it addresses and where (cluster/namespace). */
export interface HandlerContext {
  readonly info: RequestInfo;
  readonly served: ServedResource;
  readonly scope: RequestScope;
  readonly logger: Logger;
}

/** A verb handler: answers the request or throws a StatusError (written by write-status.ts). */
export type VerbHandler = (ctx: HandlerContext, req: Request, res: Response) => Promise<void>;

/** A single string query parameter ('' and arrays count as absent/first value). */
export function queryString(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** True when the query asks for dryRun=All (the only value kube accepts). */
export function isDryRun(req: Request): boolean {
  return queryString(req, 'dryRun') === 'All';
}
