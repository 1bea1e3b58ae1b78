import { invalid, required } from './field-errors';
import {
  OptimisticLockErrorMsg,
  StatusError,
  isStatusError,
  isTooLargeResourceVersion,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newForbidden,
  newGone,
  newInternalError,
  newInvalid,
  newMethodNotSupported,
  newNotAcceptable,
  newNotFound,
  newRequestEntityTooLarge,
  newResourceExpired,
  newServiceUnavailable,
  newSuccessStatus,
  newTimeout,
  newTooLargeResourceVersion,
  newTooManyRequests,
  newUnauthorized,
  newUnsupportedMediaType,
} from './status';

const configmaps = { group: '', resource: 'configmaps' };
const leases = { group: 'coordination.k8s.io', resource: 'leases' };

describe('Status errors', () => {
  it('newNotFound matches kube for core and grouped resources', () => {
    const e = newNotFound(configmaps, 'x');
    expect(e).toBeInstanceOf(StatusError);
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('configmaps "x" not found');
    expect(e.code).toBe(404);
    expect(e.reason).toBe('NotFound');
    expect(e.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "x" not found',
      reason: 'NotFound',
      details: { name: 'x', kind: 'configmaps' },
      code: 404,
    });
    const g = newNotFound(leases, 'x');
    expect(g.message).toBe('leases.coordination.k8s.io "x" not found');
    expect(g.status.details).toEqual({ name: 'x', group: 'coordination.k8s.io', kind: 'leases' });
  });

  it('serialises without undefined fields (omitempty)', () => {
    expect(JSON.stringify(newBadRequest('bad').status)).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"bad","reason":"BadRequest","code":400}',
    );
  });

  it('newAlreadyExists and newConflict', () => {
    const a = newAlreadyExists(configmaps, 'x');
    expect([a.code, a.reason, a.message]).toEqual([409, 'AlreadyExists', 'configmaps "x" already exists']);
    const c = newConflict(configmaps, 'x', OptimisticLockErrorMsg);
    expect([c.code, c.reason]).toEqual([409, 'Conflict']);
    expect(c.message).toBe(
      'Operation cannot be fulfilled on configmaps "x": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(c.status.details).toEqual({ name: 'x', kind: 'configmaps' });
  });

  it('newInvalid with one error', () => {
    const e = newInvalid({ group: '', kind: 'ConfigMap' }, 'A', [invalid('metadata.name', 'A', 'must be lowercase')]);
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.message).toBe('ConfigMap "A" is invalid: metadata.name: Invalid value: "A": must be lowercase');
    expect(e.status.details).toEqual({
      name: 'A',
      kind: 'ConfigMap',
      causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "A": must be lowercase', field: 'metadata.name' }],
    });
  });

  it('newInvalid with several errors aggregates and dedups like kube', () => {
    const errs = [
      required('metadata.name', 'name or generateName is required'),
      invalid('data', 'k', 'bad'),
      invalid('data', 'k', 'bad'),
    ];
    const e = newInvalid({ group: 'apps', kind: 'Deployment' }, '', errs);
    expect(e.message).toBe(
      'Deployment.apps "" is invalid: [metadata.name: Required value: name or generateName is required, data: Invalid value: "k": bad]',
    );
    expect(e.status.details?.causes).toHaveLength(3);
    expect(e.status.details?.group).toBe('apps');
  });

  it('newInvalid with no errors has no trailing colon', () => {
    expect(newInvalid({ group: '', kind: 'Secret' }, 's', []).message).toBe('Secret "s" is invalid');
  });

  it('newForbidden with and without a name or resource', () => {
    expect(newForbidden(configmaps, 'x', 'no').message).toBe('configmaps "x" is forbidden: no');
    const noName = newForbidden(configmaps, '', 'User "bob" cannot list resource "configmaps"');
    expect(noName.message).toBe('configmaps is forbidden: User "bob" cannot list resource "configmaps"');
    expect(noName.code).toBe(403);
    expect(noName.status.details).toEqual({ kind: 'configmaps' });
    expect(newForbidden({ group: '', resource: '' }, '', 'nope').message).toBe('forbidden: nope');
  });

  it('newUnauthorized defaults its message', () => {
    expect(newUnauthorized('').message).toBe('not authorized');
    expect(newUnauthorized('Unauthorized').code).toBe(401);
  });

  it('newMethodNotSupported', () => {
    const e = newMethodNotSupported(leases, 'watch');
    expect(e.message).toBe('watch is not supported on resources of kind "leases.coordination.k8s.io"');
    expect([e.code, e.reason]).toEqual([405, 'MethodNotAllowed']);
  });

  it('410 Gone and Expired', () => {
    expect([newGone('g').code, newGone('g').reason]).toEqual([410, 'Gone']);
    const ex = newResourceExpired('too old resource version: 5 (10)');
    expect([ex.code, ex.reason, ex.message]).toEqual([410, 'Expired', 'too old resource version: 5 (10)']);
  });

  it('newUnsupportedMediaType lists the accepted types', () => {
    const e = newUnsupportedMediaType('text/plain', ['application/json-patch+json', 'application/merge-patch+json']);
    expect(e.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json',
    );
    expect([e.code, e.reason]).toEqual([415, 'UnsupportedMediaType']);
  });

  it('406, 413, 429, 503', () => {
    expect([newNotAcceptable('n').code, newNotAcceptable('n').reason]).toEqual([406, 'NotAcceptable']);
    const big = newRequestEntityTooLarge('limit is 3145728');
    expect([big.code, big.reason, big.message]).toEqual([413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728']);
    const many = newTooManyRequests('storage is (re)initializing', 3);
    expect([many.code, many.reason, many.message]).toEqual([429, 'TooManyRequests', 'storage is (re)initializing']);
    expect(many.status.details).toEqual({ retryAfterSeconds: 3 });
    const un = newServiceUnavailable('down');
    expect([un.code, un.reason, un.message]).toEqual([503, 'ServiceUnavailable', 'down']);
  });

  it('newTimeout prefixes like kube', () => {
    const e = newTimeout('request did not complete within 60s', 2);
    expect([e.code, e.reason, e.message]).toEqual([504, 'Timeout', 'Timeout: request did not complete within 60s']);
    expect(e.status.details?.retryAfterSeconds).toBe(2);
  });

  it('newTooLargeResourceVersion is kube NewTooLargeResourceVersionError', () => {
    const e = newTooLargeResourceVersion(100, 42, 1);
    expect(e.code).toBe(504);
    expect(e.reason).toBe('Timeout');
    expect(e.message).toBe('Timeout: Too large resource version: 100, current: 42');
    expect(e.status.details).toEqual({
      retryAfterSeconds: 1,
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    });
    expect(isTooLargeResourceVersion(e)).toBe(true);
    expect(isTooLargeResourceVersion(newTimeout('x', 1))).toBe(false);
  });

  it('newInternalError wraps Errors and other values', () => {
    const e = newInternalError(new Error('boom'));
    expect([e.code, e.reason, e.message]).toEqual([500, 'InternalError', 'Internal error occurred: boom']);
    expect(e.status.details).toEqual({ causes: [{ message: 'boom' }] });
    expect(newInternalError('plain').message).toBe('Internal error occurred: plain');
  });

  it('isStatusError narrows and filters by reason', () => {
    const e: unknown = newNotFound(configmaps, 'x');
    expect(isStatusError(e)).toBe(true);
    expect(isStatusError(e, 'NotFound')).toBe(true);
    expect(isStatusError(e, 'Conflict')).toBe(false);
    expect(isStatusError(new Error('x'))).toBe(false);
    expect(isStatusError(undefined)).toBe(false);
  });

  it('newSuccessStatus', () => {
    expect(newSuccessStatus({ name: 'x', kind: 'configmaps', uid: 'u' })).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'x', kind: 'configmaps', uid: 'u' },
      code: 200,
    });
  });
});
