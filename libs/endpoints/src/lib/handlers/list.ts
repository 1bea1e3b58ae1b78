import { toTable } from '@strata/registry';
import type { ListRequest } from '@strata/registry';
import type { Request } from 'express';
import { includeObjectPolicy, wantsTable } from '../negotiation';
import { queryString } from '../handler-context';
import type { VerbHandler } from '../handler-context';
import { writeJson } from '../write-status';

/** The list/watch parameters of a request. */
export function listRequest(req: Request): ListRequest {
  return {
    resourceVersion: queryString(req, 'resourceVersion'),
    resourceVersionMatch: queryString(req, 'resourceVersionMatch'),
    limit: queryString(req, 'limit'),
    continue: queryString(req, 'continue'),
    labelSelector: queryString(req, 'labelSelector'),
    fieldSelector: queryString(req, 'fieldSelector'),
  };
}

/** LIST a namespace or (without one in the URL) every namespace, as JSON or as a Table. */
export const listHandler: VerbHandler = async (ctx, req, res) => {
  const { store, definition } = ctx.served;
  if (wantsTable(req.headers.accept)) {
    const list = await store.list(ctx.scope, listRequest(req));
    writeJson(res, 200, toTable(definition.table, list.items, { include: includeObjectPolicy(queryString(req, 'includeObject')), listMeta: list.metadata }));
    return;
  }
  // The same bytes as writeJson(list), spliced from the stored JSON instead of parsed and re-encoded per object.
  const body = await store.listJson(ctx.scope, listRequest(req));
  res.status(200).setHeader('Content-Type', 'application/json');
  res.end(body);
};
