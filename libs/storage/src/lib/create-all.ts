import { StorageError, StorageErrorCode } from './errors';
import { MAX_CREATE_ALL } from './interfaces';
import type { CreateItem } from './interfaces';

/**
 * The arguments every {@link Storage.createAll} accepts: at least one item, at most {@link MAX_CREATE_ALL}, no
 * key twice (etcd refuses a Txn that puts one key twice), an expectedModRevision (when set) a non-negative integer
 * (0 is a create, as on the wire). Throws InvalidArgument otherwise.
 */
export function validateCreateAll(items: readonly CreateItem[]): void {
  if (items.length === 0) throw new StorageError(StorageErrorCode.InvalidArgument, 'createAll needs at least one key');
  if (items.length > MAX_CREATE_ALL) {
    throw new StorageError(StorageErrorCode.InvalidArgument, `createAll takes at most ${MAX_CREATE_ALL} keys in one Txn, got ${items.length}`);
  }
  const seen = new Set<string>();
  for (const { key, expectedModRevision } of items) {
    if (seen.has(key)) throw new StorageError(StorageErrorCode.InvalidArgument, `createAll got key ${key} twice`, key);
    seen.add(key);
    if (expectedModRevision !== undefined && !(Number.isSafeInteger(expectedModRevision) && expectedModRevision >= 0)) {
      throw new StorageError(StorageErrorCode.InvalidArgument, `createAll got expectedModRevision ${expectedModRevision} for ${key}: not a non-negative integer`, key);
    }
  }
}

/** True when the item overwrites an existing key at its expected mod revision rather than creating one. */
export function isOverwrite(item: CreateItem): boolean {
  return (item.expectedModRevision ?? 0) > 0;
}
