import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { StorageErrorCode, isStorageError, storageErrorTrailer, storageKeyTrailer, storageRevisionTrailer } from '@strata/storage';

const codes: Record<StorageErrorCode, status> = {
  [StorageErrorCode.KeyNotFound]: status.NOT_FOUND,
  [StorageErrorCode.KeyExists]: status.ALREADY_EXISTS,
  [StorageErrorCode.Conflict]: status.ABORTED,
  [StorageErrorCode.ResourceVersionExpired]: status.OUT_OF_RANGE,
  [StorageErrorCode.ResourceVersionTooLarge]: status.DEADLINE_EXCEEDED,
  [StorageErrorCode.InvalidArgument]: status.INVALID_ARGUMENT,
  [StorageErrorCode.Unavailable]: status.UNAVAILABLE,
  [StorageErrorCode.Internal]: status.INTERNAL,
};

/**
 * The one place a failure of the storage becomes a gRPC status: a StorageError keeps its message and gets the
 * matching code, its code name in `strata-storage-error`, its revision in `strata-storage-revision` and its key in
 * `strata-storage-key`. Anything else is INTERNAL with a generic message (details of unexpected errors are logged by
 * the caller, not sent).
 */
export function toGrpcStatus(err: unknown): StatusObject {
  const metadata = new Metadata();
  if (isStorageError(err)) {
    metadata.set(storageErrorTrailer, err.code);
    if (err.revision !== undefined) metadata.set(storageRevisionTrailer, String(err.revision));
    if (err.key !== undefined) metadata.set(storageKeyTrailer, encodeURIComponent(err.key));
    return { code: codes[err.code], details: err.message, metadata };
  }
  if (err instanceof Error && err.name === 'AbortError') {
    return { code: status.CANCELLED, details: 'cancelled', metadata };
  }
  metadata.set(storageErrorTrailer, StorageErrorCode.Internal);
  return { code: status.INTERNAL, details: 'internal storage error', metadata };
}
