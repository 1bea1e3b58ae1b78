import { jsonPathFields, parseFieldSelector, parseLabelSelector } from '@strata/apimachinery';
import { StorageError, StorageErrorCode } from '@strata/storage';
import type { CacheEntry, EntryLabels } from './sorted-store';

/** Decides whether a cached object is selected by a label and a field selector. */
export interface EntrySelection {
  /** No selector: everything matches (and list counts are exact). */
  readonly empty: boolean;
  matches(entry: CacheEntry): boolean;
}

const everything: EntrySelection = { empty: true, matches: () => true };

/**
 * Builds an {@link EntrySelection} from Kubernetes selector strings. A value that is not a JSON object never
 * matches a non-empty selection.
 *
 * What is decoded and kept: an entry's labels, once per entry (small, and what most selectors ask again and
 * again). A field selector can name any field, so it reads a freshly parsed object; the last few parsed objects
 * are kept (a bounded few), because one event is matched against every watcher's selector in a row.
 * Throws InvalidArgument when a selector does not parse.
 */
export function entrySelection(labelSelector: string | undefined, fieldSelector: string | undefined): EntrySelection {
  const labels = labelSelector ? parseOrInvalid(() => parseLabelSelector(labelSelector)) : undefined;
  const fields = fieldSelector ? parseOrInvalid(() => parseFieldSelector(fieldSelector)) : undefined;
  const matchLabels = labels && !labels.empty() ? labels : undefined;
  const matchFields = fields && !fields.empty() ? fields : undefined;
  if (!matchLabels && !matchFields) return everything;
  return {
    empty: false,
    matches(entry: CacheEntry): boolean {
      if (matchLabels) {
        const entryLabels = labelsOf(entry);
        if (!entryLabels || !matchLabels.matches(entryLabels)) return false;
      }
      if (!matchFields) return true;
      const obj = parsedObject(entry);
      return obj !== undefined && matchFields.matches(jsonPathFields(obj));
    },
  };
}

/** The entry's labels (an empty map when it has none; null when its value is not a JSON object), kept on it. */
export function labelsOf(entry: CacheEntry): EntryLabels {
  if (entry.labels === undefined) {
    const obj = parsedObject(entry);
    if (!obj) {
      entry.labels = null;
    } else {
      const meta = obj['metadata'] as { labels?: Record<string, string> } | undefined;
      entry.labels = meta?.labels ?? noLabels;
    }
  }
  return entry.labels;
}

const noLabels: Readonly<Record<string, string>> = Object.freeze({});

/** Parsed objects most recently asked for (an event's new and old object, for every watcher in turn). */
const recent: { entry: CacheEntry | undefined; obj: Record<string, unknown> | undefined }[] = [
  { entry: undefined, obj: undefined },
  { entry: undefined, obj: undefined },
];
let nextSlot = 0;

/** The entry's value parsed as a JSON object (undefined when it is not one); parsed again unless recently. */
function parsedObject(entry: CacheEntry): Record<string, unknown> | undefined {
  for (const slot of recent) if (slot.entry === entry) return slot.obj;
  let obj: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(entry.valueUtf8());
    obj = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    obj = undefined;
  }
  const slot = recent[nextSlot] as (typeof recent)[number];
  nextSlot = (nextSlot + 1) % recent.length;
  slot.entry = entry;
  slot.obj = obj;
  return obj;
}

function parseOrInvalid<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new StorageError(StorageErrorCode.InvalidArgument, err instanceof Error ? err.message : String(err));
  }
}
