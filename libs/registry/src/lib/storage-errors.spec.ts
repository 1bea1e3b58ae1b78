import { StorageError, StorageErrorCode } from '@strata/storage';
import { toStatusError } from './storage-errors';

const ctx = { resource: { group: '', resource: 'configmaps' }, name: '' };

describe('toStatusError', () => {
  it('answers an unready storage with 429 TooManyRequests and a retry delay, like the kube cacher', () => {
    const err = toStatusError(new StorageError(StorageErrorCode.Unavailable, 'the watch cache is initializing, retry'), { ...ctx, operation: 'list' });
    expect(err.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'storage is (re)initializing',
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 1 },
      code: 429,
    });
  });

  it("keeps the watch cache's 'too old resource version' wording and uses kube's text otherwise", () => {
    const cacher = toStatusError(new StorageError(StorageErrorCode.ResourceVersionExpired, 'too old resource version: 5 (9)'), { ...ctx, operation: 'watch' });
    expect(cacher.status).toMatchObject({ code: 410, reason: 'Expired', message: 'too old resource version: 5 (9)' });
    const other = toStatusError(new StorageError(StorageErrorCode.ResourceVersionExpired, 'etcdserver: mvcc: required revision has been compacted'), {
      ...ctx,
      operation: 'watch',
    });
    expect(other.status.message).toBe('The resourceVersion for the provided watch is too old.');
    const list = toStatusError(new StorageError(StorageErrorCode.ResourceVersionExpired, 'too old resource version: 5 (9)'), { ...ctx, operation: 'list' });
    expect(list.status.message).toBe('The resourceVersion for the provided list is too old.');
  });
});
