import { encodeContinue } from '@strata/apimachinery';
import type { KeyValue, ListResult } from '@strata/storage';
import type { EntrySelection } from './entry-selection';
import type { SortedStore } from './sorted-store';

/**
 * A list page served from the cache at `revision`: keys under `prefix` from `startRelative` (relative to the
 * prefix, as in a continue token), filtered, at most `limit` (0 = all). The continue token is kube's, relative to
 * the prefix; remainingItemCount is only given without selectors.
 */
export function listFromStore(
  store: SortedStore,
  prefix: string,
  revision: number,
  startRelative: string,
  limit: number,
  selection: EntrySelection,
): ListResult {
  const items: KeyValue[] = [];
  let lastKey: string | undefined;
  let more = false;
  for (const entry of store.range(prefix, prefix + startRelative)) {
    if (!selection.matches(entry)) continue;
    if (limit > 0 && items.length >= limit) {
      more = true;
      break;
    }
    items.push(entry.kv);
    lastKey = entry.kv.key;
  }
  if (!more || lastKey === undefined) return { items, revision, continueToken: '' };
  const nextStart = lastKey.slice(prefix.length) + '\x00';
  const continueToken = encodeContinue(revision, nextStart);
  if (!selection.empty) return { items, revision, continueToken };
  return { items, revision, continueToken, remainingItemCount: store.countRange(prefix, prefix + nextStart) };
}
