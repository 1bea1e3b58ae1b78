import { status, type ServiceError } from '@grpc/grpc-js';
import { StorageError, StorageErrorCode } from '../errors';

/** Trailer carrying the StorageErrorCode name (set by the storage gRPC service). */
export const storageErrorTrailer = 'strata-storage-error';
/** Trailer carrying the error's revision (current revision for TooLarge, compact revision for Expired). */
export const storageRevisionTrailer = 'strata-storage-revision';
/** Trailer carrying the error's key, percent-encoded (metadata values are printable ASCII): which key existed. */
export const storageKeyTrailer = 'strata-storage-key';

const byGrpcCode: Partial<Record<status, StorageErrorCode>> = {
  [status.NOT_FOUND]: StorageErrorCode.KeyNotFound,
  [status.ALREADY_EXISTS]: StorageErrorCode.KeyExists,
  [status.ABORTED]: StorageErrorCode.Conflict,
  [status.OUT_OF_RANGE]: StorageErrorCode.ResourceVersionExpired,
  [status.INVALID_ARGUMENT]: StorageErrorCode.InvalidArgument,
  [status.UNAVAILABLE]: StorageErrorCode.Unavailable,
  // A deadline without the trailer is our own call timeout: the replica is too slow, try again.
  [status.DEADLINE_EXCEEDED]: StorageErrorCode.Unavailable,
  [status.CANCELLED]: StorageErrorCode.Unavailable,
  [status.RESOURCE_EXHAUSTED]: StorageErrorCode.Unavailable,
};

const known = new Set<string>(Object.values(StorageErrorCode));

/**
 * The one place a gRPC failure of the storage service becomes a StorageError: the `strata-storage-error`
 * trailer gives the exact code (and `strata-storage-revision` the revision); without it the gRPC code decides.
 */
export function fromGrpcError(err: unknown): StorageError {
  const e = err as Partial<ServiceError>;
  if (typeof e.code !== 'number') {
    return new StorageError(StorageErrorCode.Internal, err instanceof Error ? err.message : String(err));
  }
  const trailerCode = e.metadata?.get(storageErrorTrailer)[0];
  const revisionText = e.metadata?.get(storageRevisionTrailer)[0];
  const code =
    typeof trailerCode === 'string' && known.has(trailerCode)
      ? (trailerCode as StorageErrorCode)
      : (byGrpcCode[e.code as status] ?? StorageErrorCode.Internal);
  const revision = typeof revisionText === 'string' && /^[0-9]+$/.test(revisionText) ? Number(revisionText) : undefined;
  return new StorageError(code, e.details ?? e.message ?? 'storage call failed', trailerKey(e.metadata?.get(storageKeyTrailer)[0]), revision);
}

function trailerKey(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * True when the failure says this replica cannot serve now (another one may). A CANCELLED the caller did not ask
 * for counts too: grpc-js reports a server that shut down mid-call that way.
 */
export function isReplicaUnavailable(err: unknown, cancelledByCaller = false): boolean {
  const code = (err as Partial<ServiceError>).code;
  return code === status.UNAVAILABLE || (code === status.CANCELLED && !cancelledByCaller);
}
