import type { FieldError } from './field-errors';
import { aggregateFieldErrors, fieldErrorBody, goQuote } from './field-errors';

/** One reason behind a Status failure (metav1.StatusCause); `reason` holds the cause type. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** metav1.StatusDetails: which object failed and why. `kind` holds the resource for most errors, like kube. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** metav1.StatusReason values Strata sends. */
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Gone'
  | 'Expired'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'TooManyRequests'
  | 'Timeout'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'NotAcceptable'
  | 'Unknown';

/** The metav1.Status wire object, ready for JSON.stringify (empty optional fields are left out, like Go's omitempty). */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string; continue?: string };
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason | '';
  details?: StatusDetails;
  code: number;
}

/** A resource qualified by its API group; `group` is '' for the core group. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** A kind qualified by its API group; `group` is '' for the core group. */
export interface GroupKind {
  group: string;
  kind: string;
}

/**
 * An error that carries the Kubernetes Status to answer with. `message` is the Status message, so
 * `String(err)` reads like kube's `err.Error()`.
 */
export class StatusError extends Error {
  readonly status: Status;

  constructor(status: Status) {
    super(status.message ?? '');
    this.name = 'StatusError';
    this.status = status;
  }

  /** The HTTP status code. */
  get code(): number {
    return this.status.code;
  }

  /** The Status reason ('' when unset). */
  get reason(): string {
    return this.status.reason ?? '';
  }
}

/** True when `e` is a StatusError, and (when given) has `reason`. */
export function isStatusError(e: unknown, reason?: StatusReason): e is StatusError {
  return e instanceof StatusError && (reason === undefined || e.status.reason === reason);
}

/** `resource` or `resource.group`, as schema.GroupResource.String(). */
export function groupResourceString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

/** `Kind` or `Kind.group`, as schema.GroupKind.String(). */
export function groupKindString(gk: GroupKind): string {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
}

const q = goQuote;

function details(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes && d.causes.length > 0) out.causes = d.causes;
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

function failure(code: number, reason: StatusReason, message: string, d?: StatusDetails): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (d) status.details = details(d);
  return new StatusError(status);
}

function resourceDetails(gr: GroupResource, name: string): StatusDetails {
  return { group: gr.group, kind: gr.resource, name };
}

/** 404 NotFound: `configmaps "x" not found`. */
export function newNotFound(gr: GroupResource, name: string): StatusError {
  return failure(404, 'NotFound', `${groupResourceString(gr)} ${q(name)} not found`, resourceDetails(gr, name));
}

/** 409 AlreadyExists: `configmaps "x" already exists`. */
export function newAlreadyExists(gr: GroupResource, name: string): StatusError {
  return failure(409, 'AlreadyExists', `${groupResourceString(gr)} ${q(name)} already exists`, resourceDetails(gr, name));
}

/** kube's message for an update whose resourceVersion is stale. */
export const OptimisticLockErrorMsg =
  'the object has been modified; please apply your changes to the latest version and try again';

/** 409 Conflict: `Operation cannot be fulfilled on configmaps "x": <err>`. */
export function newConflict(gr: GroupResource, name: string, err: string): StatusError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${groupResourceString(gr)} ${q(name)}: ${err}`,
    resourceDetails(gr, name),
  );
}

/**
 * 422 Invalid: `ConfigMap "x" is invalid: <aggregate of errs>`; one cause per error with the error type
 * as reason, the message without the field path, and the field path.
 */
export function newInvalid(gk: GroupKind, name: string, errs: readonly FieldError[]): StatusError {
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  const agg = aggregateFieldErrors(errs);
  const base = `${groupKindString(gk)} ${q(name)} is invalid`;
  return failure(422, 'Invalid', agg ? `${base}: ${agg}` : base, { group: gk.group, kind: gk.kind, name, causes });
}

/** 400 BadRequest with `msg` as the message. */
export function newBadRequest(msg: string): StatusError {
  return failure(400, 'BadRequest', msg);
}

/**
 * 403 Forbidden: `configmaps "x" is forbidden: <reason>`, `configmaps is forbidden: <reason>` without a
 * name, `forbidden: <reason>` without a resource.
 */
export function newForbidden(gr: GroupResource, name: string, reason: string): StatusError {
  let message: string;
  if (!gr.group && !gr.resource) message = `forbidden: ${reason}`;
  else if (!name) message = `${groupResourceString(gr)} is forbidden: ${reason}`;
  else message = `${groupResourceString(gr)} ${q(name)} is forbidden: ${reason}`;
  return failure(403, 'Forbidden', message, resourceDetails(gr, name));
}

/** 401 Unauthorized; an empty `msg` becomes `not authorized`, as in kube. */
export function newUnauthorized(msg: string): StatusError {
  return failure(401, 'Unauthorized', msg || 'not authorized');
}

/** 405 MethodNotAllowed: `<action> is not supported on resources of kind "<resource>"`. */
export function newMethodNotSupported(gr: GroupResource, action: string): StatusError {
  return failure(
    405,
    'MethodNotAllowed',
    `${action} is not supported on resources of kind ${q(groupResourceString(gr))}`,
    { group: gr.group, kind: gr.resource },
  );
}

/** 410 Gone. */
export function newGone(msg: string): StatusError {
  return failure(410, 'Gone', msg);
}

/** 410 Expired: a resourceVersion or continue token too old to serve. */
export function newResourceExpired(msg: string): StatusError {
  return failure(410, 'Expired', msg);
}

/**
 * 415 UnsupportedMediaType, worded like kube's negotiation error:
 * `the body of the request was in an unknown format - accepted media types include: a, b`.
 * `contentType` is the rejected type; kube does not echo it, so neither does this.
 */
export function newUnsupportedMediaType(_contentType: string, supported: readonly string[]): StatusError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${supported.join(', ')}`,
  );
}

/** 406 NotAcceptable with `msg` as the message. */
export function newNotAcceptable(msg: string): StatusError {
  return failure(406, 'NotAcceptable', msg);
}

/** 413 RequestEntityTooLarge: `Request entity too large: <msg>`. */
export function newRequestEntityTooLarge(msg: string): StatusError {
  return failure(413, 'RequestEntityTooLarge', `Request entity too large: ${msg}`);
}

/** 429 TooManyRequests; `details.retryAfterSeconds` tells the client when to retry. */
export function newTooManyRequests(msg: string, retryAfterSeconds: number): StatusError {
  return failure(429, 'TooManyRequests', msg, { retryAfterSeconds });
}

/** 504 Timeout: `Timeout: <msg>`, with `details.retryAfterSeconds`. */
export function newTimeout(msg: string, retryAfterSeconds: number): StatusError {
  return failure(504, 'Timeout', `Timeout: ${msg}`, { retryAfterSeconds });
}

/** Cause type kube attaches to a too-large resourceVersion. */
export const CauseTypeResourceVersionTooLarge = 'ResourceVersionTooLarge';

/**
 * 504 Timeout for a read at a resourceVersion the store has not reached, exactly as kube's
 * NewTooLargeResourceVersionError: `Timeout: Too large resource version: N, current: M`, one cause
 * `ResourceVersionTooLarge` / `Too large resource version`; clients (reflectors) recognise it by the cause.
 */
export function newTooLargeResourceVersion(requested: number, current: number, retryAfterSeconds: number): StatusError {
  return failure(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    retryAfterSeconds,
    causes: [{ reason: CauseTypeResourceVersionTooLarge, message: 'Too large resource version' }],
  });
}

/** True when `e` is the too-large-resourceVersion Timeout. */
export function isTooLargeResourceVersion(e: unknown): boolean {
  return (
    isStatusError(e, 'Timeout') &&
    (e.status.details?.causes ?? []).some((c) => c.reason === CauseTypeResourceVersionTooLarge)
  );
}

/** 500 InternalError: `Internal error occurred: <msg>`, one cause carrying the message. */
export function newInternalError(err: unknown): StatusError {
  const msg = err instanceof Error ? err.message : String(err);
  return failure(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
}

/** 503 ServiceUnavailable with `msg` as the message. */
export function newServiceUnavailable(msg: string): StatusError {
  return failure(503, 'ServiceUnavailable', msg);
}

/** A 200 Success Status, as kube answers some deletes (e.g. deletecollection or delete with ?orphan). */
export function newSuccessStatus(d?: StatusDetails): Status {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (d) status.details = details(d);
  return status;
}
