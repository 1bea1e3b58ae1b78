import { newBadRequest, newInvalid, notSupported } from '@strata/apimachinery';
import type { RegistryDeleteOptions } from '@strata/registry';
import type { Request } from 'express';
import { queryString } from '../handler-context';

interface DeleteOptionsBody {
  kind?: unknown;
  gracePeriodSeconds?: unknown;
  preconditions?: { uid?: unknown; resourceVersion?: unknown } | null;
  orphanDependents?: unknown;
  propagationPolicy?: unknown;
  dryRun?: unknown;
}

function parseBody(body: Buffer): DeleteOptionsBody {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw newBadRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw newBadRequest('the body of a delete must be a DeleteOptions object');
  }
  const opts = parsed as DeleteOptionsBody;
  if (opts.kind !== undefined && opts.kind !== 'DeleteOptions') {
    throw newBadRequest(`expected DeleteOptions, got ${String(opts.kind)}`);
  }
  return opts;
}

function optionalString(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw newBadRequest(`json: cannot unmarshal ${typeof v} into Go struct field DeleteOptions.${field} of type string`);
  return v;
}

function optionalInteger(raw: unknown, field: string): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw newBadRequest(`json: cannot unmarshal ${JSON.stringify(raw)} into Go struct field DeleteOptions.${field} of type int64`);
  }
  return n;
}

function optionalBoolean(raw: unknown, field: string): boolean | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (raw === true || raw === 'true' || raw === '1') return true;
  if (raw === false || raw === 'false' || raw === '0') return false;
  throw newBadRequest(`json: cannot unmarshal ${JSON.stringify(raw)} into Go struct field DeleteOptions.${field} of type bool`);
}

function dryRunValues(req: Request, body: DeleteOptionsBody): string[] {
  const fromQuery = (req.query as Record<string, unknown>)['dryRun'];
  const values = [
    ...(Array.isArray(fromQuery) ? fromQuery : fromQuery === undefined ? [] : [fromQuery]),
    ...(Array.isArray(body.dryRun) ? body.dryRun : body.dryRun === undefined || body.dryRun === null ? [] : [body.dryRun]),
  ];
  return values.map(String);
}

/**
 * metav1.DeleteOptions of a DELETE: the JSON body (kubectl, client-go) and the query (gracePeriodSeconds,
 * propagationPolicy, orphanDependents, dryRun) like kube's delete handler, body first. 400 for a malformed body,
 * 422 Invalid on DeleteOptions.meta.k8s.io for a dryRun value other than All.
 */
export function parseDeleteOptions(req: Request, rawBody: Buffer): RegistryDeleteOptions {
  const body = parseBody(rawBody);
  const dryRun = dryRunValues(req, body);
  const unsupported = dryRun.filter((v) => v !== 'All');
  if (unsupported.length > 0) {
    throw newInvalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [notSupported('dryRun', unsupported[0], ['All'])]);
  }
  const preconditions = body.preconditions ?? undefined;
  const uid = optionalString(preconditions?.uid, 'preconditions.uid');
  const resourceVersion = optionalString(preconditions?.resourceVersion, 'preconditions.resourceVersion');
  return {
    dryRun: dryRun.length > 0,
    preconditions: uid !== undefined || resourceVersion !== undefined ? { uid, resourceVersion } : undefined,
    gracePeriodSeconds: optionalInteger(body.gracePeriodSeconds ?? queryString(req, 'gracePeriodSeconds'), 'gracePeriodSeconds'),
    propagationPolicy: optionalString(body.propagationPolicy ?? queryString(req, 'propagationPolicy'), 'propagationPolicy'),
    orphanDependents: optionalBoolean(body.orphanDependents ?? queryString(req, 'orphanDependents'), 'orphanDependents'),
  };
}
