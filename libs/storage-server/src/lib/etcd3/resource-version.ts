import { StorageError, StorageErrorCode } from '@strata/storage';

/**
 * Parses a resourceVersion like the apiserver's APIObjectVersioner: "" and "0" are 0, otherwise a positive
 * decimal integer. Rejects InvalidArgument with kube's field error text for anything else.
 */
export function parseResourceVersion(resourceVersion: string | undefined): number {
  if (resourceVersion === undefined || resourceVersion === '') return 0;
  if (!/^[0-9]+$/.test(resourceVersion)) {
    throw new StorageError(
      StorageErrorCode.InvalidArgument,
      `resourceVersion: Invalid value: "${resourceVersion}": strconv.ParseUint: parsing "${resourceVersion}": invalid syntax`,
    );
  }
  const rv = Number(resourceVersion);
  if (!Number.isSafeInteger(rv)) {
    throw new StorageError(
      StorageErrorCode.InvalidArgument,
      `resourceVersion: Invalid value: "${resourceVersion}": strconv.ParseUint: parsing "${resourceVersion}": value out of range`,
    );
  }
  return rv;
}

/** The error kube returns when a read asks for a revision the store has not reached (504, ResourceVersionTooLarge). */
export function tooLargeResourceVersion(requested: number, current: number, key?: string): StorageError {
  return new StorageError(
    StorageErrorCode.ResourceVersionTooLarge,
    `Too large resource version: ${requested}, current: ${current}`,
    key,
    current,
  );
}
