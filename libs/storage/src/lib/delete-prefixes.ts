import { StorageError, StorageErrorCode } from './errors';
import { MAX_DELETE_PREFIXES } from './interfaces';
import type { ConditionalKey, DeletePrefixesOptions } from './interfaces';

/** The arguments of a {@link Storage.deletePrefixes} without repeats: what one Txn deletes and compares. */
export interface DeletePrefixesPlan {
  readonly prefixes: readonly string[];
  readonly guards: readonly string[];
  readonly deleteKeys: readonly ConditionalKey[];
}

/**
 * The arguments every {@link Storage.deletePrefixes} accepts, whatever the store (the "/" at the end of each prefix
 * is the store's own check): at least one prefix; prefixes and deleteKeys together, and requireEmpty prefixes and
 * deleteKeys together (the Txn's deletes, and its compares), at most {@link MAX_DELETE_PREFIXES}; no deleteKey
 * twice, none under one of the prefixes (deleted twice in one Txn, which etcd refuses), each expected at a positive
 * integer mod revision (a key that exists). Throws InvalidArgument otherwise; repeated prefixes are dropped.
 */
export function validateDeletePrefixes(prefixes: readonly string[], opts: DeletePrefixesOptions = {}): DeletePrefixesPlan {
  const unique = [...new Set(prefixes)];
  const guards = [...new Set(opts.requireEmpty ?? [])];
  const deleteKeys = opts.deleteKeys ?? [];
  if (unique.length === 0) throw new StorageError(StorageErrorCode.InvalidArgument, 'deletePrefixes needs at least one prefix');
  const what = deleteKeys.length > 0 ? 'prefixes and keys' : 'prefixes';
  if (unique.length + deleteKeys.length > MAX_DELETE_PREFIXES) {
    throw new StorageError(
      StorageErrorCode.InvalidArgument,
      `deletePrefixes takes at most ${MAX_DELETE_PREFIXES} ${what} in one Txn, got ${unique.length + deleteKeys.length}`,
    );
  }
  if (guards.length + deleteKeys.length > MAX_DELETE_PREFIXES) {
    throw new StorageError(
      StorageErrorCode.InvalidArgument,
      `deletePrefixes takes at most ${MAX_DELETE_PREFIXES} requireEmpty ${what}, got ${guards.length + deleteKeys.length}`,
    );
  }
  const seen = new Set<string>();
  for (const { key, expectedModRevision } of deleteKeys) {
    if (seen.has(key)) throw new StorageError(StorageErrorCode.InvalidArgument, `deletePrefixes got key ${key} twice`, key);
    seen.add(key);
    if (!(Number.isSafeInteger(expectedModRevision) && expectedModRevision > 0)) {
      throw new StorageError(StorageErrorCode.InvalidArgument, `deletePrefixes got expectedModRevision ${expectedModRevision} for ${key}: not a positive integer`, key);
    }
    const under = unique.find((prefix) => key.startsWith(prefix));
    if (under !== undefined) throw new StorageError(StorageErrorCode.InvalidArgument, `deletePrefixes got key ${key} under its prefix ${under}`, key);
  }
  return { prefixes: unique, guards, deleteKeys };
}
