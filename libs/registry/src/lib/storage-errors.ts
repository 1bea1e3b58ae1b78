import {
  isStatusError,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newInternalError,
  newNotFound,
  newResourceExpired,
  newTooLargeResourceVersion,
  newTooManyRequests,
} from '@strata/apimachinery';
import type { GroupResource, StatusError } from '@strata/apimachinery';
import { StorageErrorCode, isStorageError } from '@strata/storage';

/** What the failed storage call was doing, for the wording of expired-revision errors. */
export type StorageOperation = 'get' | 'list' | 'create' | 'update' | 'delete' | 'watch';

/** Context of {@link toStatusError}. */
export interface StorageErrorContext {
  readonly resource: GroupResource;
  /** The object's name ('' for lists and watches). */
  readonly name: string;
  readonly operation: StorageOperation;
  /** The resourceVersion the request asked for, when it was a number (for ResourceVersionTooLarge). */
  readonly requestedRevision?: number;
}

const EXPIRED: Partial<Record<StorageOperation, string>> = {
  list: 'The resourceVersion for the provided list is too old.',
  watch: 'The resourceVersion for the provided watch is too old.',
};

/** kube's TooManyRequests message while the watch cache is not ready. */
export const STORAGE_INITIALIZING = 'storage is (re)initializing';
/** Retry-After of that answer: the watch cache refills within a second or two after a restart. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

// The watch cache words a watch older than its history like kube's cacher ("too old resource version: N (M)");
// that message carries only revisions, so it reaches the client as is.
const CACHER_TOO_OLD = /^too old resource version: \d+ \(\d+\)$/;

function expiredMessage(operation: StorageOperation, message: string): string {
  if (operation === 'watch' && CACHER_TOO_OLD.test(message)) return message;
  return EXPIRED[operation] ?? message;
}

/**
 * THE one place where storage failures become Kubernetes Status errors (kube's storeerr.Interpret*Error).
 * StatusErrors pass through unchanged; anything unexpected becomes a 500 InternalError.
 */
export function toStatusError(err: unknown, ctx: StorageErrorContext): StatusError {
  if (isStatusError(err)) return err;
  if (!isStorageError(err)) return newInternalError(err);
  switch (err.code) {
    case StorageErrorCode.KeyNotFound:
      return newNotFound(ctx.resource, ctx.name);
    case StorageErrorCode.KeyExists:
      return newAlreadyExists(ctx.resource, ctx.name);
    case StorageErrorCode.Conflict:
      return newConflict(ctx.resource, ctx.name, err.message);
    case StorageErrorCode.ResourceVersionExpired:
      return newResourceExpired(expiredMessage(ctx.operation, err.message));
    case StorageErrorCode.ResourceVersionTooLarge:
      return newTooLargeResourceVersion(ctx.requestedRevision ?? 0, err.revision ?? 0, 1);
    case StorageErrorCode.InvalidArgument:
      return newBadRequest(err.message);
    case StorageErrorCode.Unavailable:
      // kube's cacher answer while it (re)initializes; clients retry after Retry-After.
      return newTooManyRequests(STORAGE_INITIALIZING, UNAVAILABLE_RETRY_AFTER_SECONDS);
    default:
      return newInternalError(err);
  }
}
