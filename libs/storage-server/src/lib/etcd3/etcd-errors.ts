import { StorageError, StorageErrorCode, isStorageError } from '@strata/storage';

const compactedMessage = 'required revision has been compacted';
const futureMessage = 'required revision is a future revision';

/** True when an etcd client error says the requested revision was compacted. */
export function isCompactedError(err: unknown): boolean {
  return err instanceof Error && err.message.includes(compactedMessage);
}

/** True when an etcd client error says the requested revision is ahead of the store. */
export function isFutureRevisionError(err: unknown): boolean {
  return err instanceof Error && err.message.includes(futureMessage);
}

/**
 * Turns an unexpected etcd client failure into a StorageError: Unavailable when etcd cannot be reached (the
 * caller may retry elsewhere or later), InvalidArgument for a Txn over etcd's --max-txn-ops (retrying cannot
 * help), Internal otherwise. StorageErrors pass through unchanged.
 */
export function etcdFailure(err: unknown, key?: string): StorageError {
  if (isStorageError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (message.includes('too many operations in txn request')) return new StorageError(StorageErrorCode.InvalidArgument, `etcd: ${message}`, key);
  const name = err instanceof Error ? err.constructor.name : '';
  const unavailable =
    /Unavailable|DeadlineExceeded|Cancelled|ClientClosed|BrokenCircuit|Isolated/.test(name) ||
    /UNAVAILABLE|ECONNREFUSED|No connection established|circuit|Deadline exceeded|deadline/i.test(message);
  return new StorageError(unavailable ? StorageErrorCode.Unavailable : StorageErrorCode.Internal, `etcd: ${message}`, key);
}
