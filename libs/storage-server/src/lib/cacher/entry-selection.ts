import { jsonPathFields, parseFieldSelector, parseLabelSelector } from '@strata/apimachinery';
import { StorageError, StorageErrorCode } from '@strata/storage';
import type { CacheEntry } from './sorted-store';
import { decodedValue } from './sorted-store';

/** Decides whether a cached object is selected by a label and a field selector. */
export interface EntrySelection {
  /** No selector: everything matches (and list counts are exact). */
  readonly empty: boolean;
  matches(entry: CacheEntry): boolean;
}

const everything: EntrySelection = { empty: true, matches: () => true };

/**
 * Builds an {@link EntrySelection} from Kubernetes selector strings; the object is decoded once per cache entry,
 * not once per request. A value that is not a JSON object never matches a non-empty selection.
 * Throws InvalidArgument when a selector does not parse.
 */
export function entrySelection(labelSelector: string | undefined, fieldSelector: string | undefined): EntrySelection {
  const labels = labelSelector ? parseOrInvalid(() => parseLabelSelector(labelSelector)) : undefined;
  const fields = fieldSelector ? parseOrInvalid(() => parseFieldSelector(fieldSelector)) : undefined;
  if ((!labels || labels.empty()) && (!fields || fields.empty())) return everything;
  return {
    empty: false,
    matches(entry: CacheEntry): boolean {
      const obj = decodedValue(entry);
      if (!obj) return false;
      if (labels) {
        const meta = obj['metadata'] as { labels?: Record<string, string> } | undefined;
        if (!labels.matches(meta?.labels ?? {})) return false;
      }
      return !fields || fields.matches(jsonPathFields(obj));
    },
  };
}

function parseOrInvalid<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new StorageError(StorageErrorCode.InvalidArgument, err instanceof Error ? err.message : String(err));
  }
}
