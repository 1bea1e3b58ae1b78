import { StorageError, StorageErrorCode } from '@strata/storage';

/** The exclusive end of the etcd range holding every key that starts with `prefix` (etcd's GetPrefixRangeEnd). */
export function prefixRangeEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i] = end[i] + 1;
      return end.subarray(0, i + 1);
    }
  }
  // Every byte is 0xff: the range runs to the end of the keyspace.
  return Buffer.from([0]);
}

/**
 * Rejects with InvalidArgument unless `prefix` ends with "/": a range over `/…/ab` would also match `/…/abc`,
 * which would leak one workspace into another.
 */
export function requireRangePrefix(prefix: string): void {
  if (!prefix.endsWith('/')) {
    throw new StorageError(StorageErrorCode.InvalidArgument, `prefix must end with "/": ${prefix}`, prefix);
  }
}
