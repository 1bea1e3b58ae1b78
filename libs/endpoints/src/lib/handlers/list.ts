import { toTable } from '@strata/registry';
import type { ListRequest } from '@strata/registry';
import type { Request } from 'express';
import { includeObjectPolicy, wantsTable } from '../negotiation';
import { queryString } from '../handler-context';
import type { VerbHandler } from '../handler-context';
import { writeJson } from '../write-status';
import { writeChunk } from './write-chunk';

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
  // The same bytes as writeJson(list), spliced from the stored JSON instead of parsed and re-encoded per object,
  // and for a whole list written as the storage's chunks arrive. Failures up to here answer a Status.
  const body = await store.listJsonPieces(ctx.scope, listRequest(req));
  res.status(200).setHeader('Content-Type', 'application/json');
  if (Buffer.isBuffer(body)) {
    res.end(body);
    return;
  }
  const signal = ctx.scope.signal;
  try {
    for await (const piece of body) {
      if (signal?.aborted) return; // the client went away; leaving the loop ends the storage stream
      await writeChunk(res, piece, signal);
    }
  } catch (err) {
    // The status line is out: like kube-apiserver, break the body off so the client sees a broken response, never a
    // short list that parses.
    ctx.logger.warn({ err }, 'LIST failed after its body started; response broken off');
    res.destroy();
    return;
  }
  res.end();
};
