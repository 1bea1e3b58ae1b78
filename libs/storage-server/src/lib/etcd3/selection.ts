import { jsonPathFields, parseFieldSelector, parseLabelSelector } from '@strata/apimachinery';
import { StorageError, StorageErrorCode } from '@strata/storage';

/** Decides whether a stored value (JSON bytes) is selected by a label and a field selector. */
export interface Selection {
  /** True when neither selector is set: everything matches and counts are exact. */
  readonly empty: boolean;
  /** True when the value matches both selectors. A value that is not a JSON object never matches a non-empty selection. */
  matches(value: Uint8Array): boolean;
}

const everything: Selection = { empty: true, matches: () => true };

/**
 * Builds a {@link Selection} from Kubernetes selector strings ("" or undefined = everything).
 * Rejects InvalidArgument when a selector does not parse.
 */
export function selectionFor(labelSelector: string | undefined, fieldSelector: string | undefined): Selection {
  const labels = labelSelector ? parseOrInvalid(() => parseLabelSelector(labelSelector)) : undefined;
  const fields = fieldSelector ? parseOrInvalid(() => parseFieldSelector(fieldSelector)) : undefined;
  if (!labels && !fields) return everything;
  return {
    empty: false,
    matches(value: Uint8Array): boolean {
      let obj: unknown;
      try {
        obj = JSON.parse(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8'));
      } catch {
        return false;
      }
      if (obj === null || typeof obj !== 'object') return false;
      if (labels) {
        const meta = (obj as { metadata?: { labels?: Record<string, string> } }).metadata;
        if (!labels.matches(meta?.labels ?? {})) return false;
      }
      if (fields && !fields.matches(jsonPathFields(obj as Record<string, unknown>))) return false;
      return true;
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
