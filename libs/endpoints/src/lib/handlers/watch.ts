import { newBadRequest } from '@strata/apimachinery';
import { toTable } from '@strata/registry';
import type { Request } from 'express';
import { includeObjectPolicy, wantsTable } from '../negotiation';
import { queryString } from '../handler-context';
import type { VerbHandler } from '../handler-context';
import { asStatusError } from '../write-status';
import { listRequest } from './list';
import { writeChunk } from './write-chunk';

/** kube's minRequestTimeout: a watch without timeoutSeconds lasts this × [1, 2) so clients do not reconnect in step. */
export const MIN_REQUEST_TIMEOUT_SECONDS = 1800;

/** The watch's lifetime in seconds: timeoutSeconds when given, else kube's randomised default. */
export function watchTimeoutSeconds(req: Request, random: () => number = Math.random): number {
  const raw = queryString(req, 'timeoutSeconds');
  if (raw === undefined || raw === '') return MIN_REQUEST_TIMEOUT_SECONDS * (1 + random());
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw newBadRequest(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return n === 0 ? MIN_REQUEST_TIMEOUT_SECONDS * (1 + random()) : n;
}

function isTrue(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

// A query flag that is absent (undefined) differs from false: kube validates sendInitialEvents=false too.
function optionalBool(v: string | undefined): boolean | undefined {
  return v === undefined || v === '' ? undefined : isTrue(v);
}

/**
 * WATCH: validates the options (errors answer with a plain Status), then streams 200 chunked JSON, one
 * `{"type","object"}` per line; Table objects when asked for (column definitions on the first event only). Ends
 * after timeoutSeconds or when the client goes away; a failure after the start is one ERROR event with a Status.
 */
export const watchHandler: VerbHandler = async (ctx, req, res) => {
  const request = listRequest(req);
  const fieldSelector = ctx.info.name
    ? [request.fieldSelector, `metadata.name=${ctx.info.name}`].filter((s) => s).join(',')
    : request.fieldSelector;
  const table = wantsTable(req.headers.accept);
  const include = table ? includeObjectPolicy(queryString(req, 'includeObject')) : 'Metadata';
  const timeoutMs = watchTimeoutSeconds(req) * 1000;
  const abort = new AbortController();
  const signals = [abort.signal, ctx.scope.signal].filter((s): s is AbortSignal => s !== undefined);
  const signal = AbortSignal.any(signals);
  const events = ctx.served.store.watch(
    { ...ctx.scope, signal },
    {
      ...request,
      fieldSelector,
      allowWatchBookmarks: isTrue(queryString(req, 'allowWatchBookmarks')),
      sendInitialEvents: optionalBool(queryString(req, 'sendInitialEvents')),
    },
  );
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const onClose = () => abort.abort();
  res.on('close', onClose);
  res.status(200);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Transfer-Encoding', 'chunked');
  res.setHeader('Cache-Control', 'no-cache, private');
  res.flushHeaders();
  let first = true;
  try {
    for await (const ev of events) {
      if (signal.aborted) break;
      let object: unknown = ev.object;
      if (table) {
        object =
          ev.type === 'BOOKMARK'
            ? { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: ev.object.metadata.resourceVersion }, rows: [] }
            : toTable(ctx.served.definition.table, [ev.object], { include, noHeaders: !first });
        if (ev.type !== 'BOOKMARK') first = false;
      }
      await writeChunk(res, `${JSON.stringify({ type: ev.type, object })}\n`, signal);
    }
  } catch (err) {
    if (!signal.aborted && !res.destroyed) {
      res.write(`${JSON.stringify({ type: 'ERROR', object: asStatusError(err).status })}\n`);
    }
  } finally {
    clearTimeout(timer);
    res.off('close', onClose);
    abort.abort();
    if (!res.destroyed) res.end();
  }
};
