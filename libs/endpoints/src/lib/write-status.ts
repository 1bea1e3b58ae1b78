import { isStatusError, newInternalError } from '@strata/apimachinery';
import type { StatusError } from '@strata/apimachinery';
import type { Response } from 'express';
import type { Logger } from 'pino';

/** Any thrown value as the StatusError to answer with: StatusErrors as they are, anything else a 500. */
export function asStatusError(err: unknown): StatusError {
  return isStatusError(err) ? err : newInternalError(err);
}

/**
 * THE one writer of error responses: the Status JSON with its code (and Retry-After when the Status asks for a
 * retry). Unexpected (non-Status) errors are logged here, since the client only sees a generic 500.
 */
export function writeStatus(res: Response, err: unknown, logger?: Logger): void {
  const statusErr = asStatusError(err);
  if (!isStatusError(err)) logger?.error({ err }, 'unexpected error answered as 500');
  if (res.headersSent) {
    // A stream already started (watch) ends here; its ERROR event is written by the watch handler.
    res.end();
    return;
  }
  const retry = statusErr.status.details?.retryAfterSeconds;
  if (retry) res.setHeader('Retry-After', String(retry));
  res.status(statusErr.code).setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(statusErr.status));
}

/** Writes a 2xx JSON body. */
export function writeJson(res: Response, code: number, body: unknown): void {
  res.status(code).setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}
