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
      return newResourceExpired(EXPIRED[ctx.operation] ?? err.message);
    case StorageErrorCode.ResourceVersionTooLarge:
      return newTooLargeResourceVersion(ctx.requestedRevision ?? 0, err.revision ?? 0, 1);
    case StorageErrorCode.InvalidArgument:
      return newBadRequest(err.message);
    case StorageErrorCode.Unavailable:
      return newTooManyRequests(`storage is not ready: ${err.message}`, 1);
    default:
      return newInternalError(err);
  }
}
