import type { KubeObject } from '@strata/apimachinery';
import { humanDuration } from '../human-duration';
import { NAME_COLUMN } from '../table';
import type { TableDefinition } from '../table';

// kube's translateTimestampSince: "<unknown>" for a zero time.
function since(ts: unknown, now: number): string {
  if (typeof ts !== 'string' || ts === '') return '<unknown>';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function column(name: string, description: string, priority = 0): TableDefinition['columns'][number] {
  return { name, type: 'string', format: '', description, priority };
}

/**
 * kube's Event printer (printEvent, always wide on the server): LAST SEEN TYPE REASON OBJECT MESSAGE, wide
 * SUBOBJECT SOURCE FIRST SEEN COUNT NAME. Cells are computed from the stored core/v1 form.
 */
export function eventCells(obj: KubeObject, now: number): unknown[] {
  const firstSeen = obj['firstTimestamp'] ? since(obj['firstTimestamp'], now) : since(obj['eventTime'], now);
  let lastSeen = obj['lastTimestamp'] ? since(obj['lastTimestamp'], now) : firstSeen;
  let count = typeof obj['count'] === 'number' ? obj['count'] : 0;
  const series = obj['series'] as { count?: unknown; lastObservedTime?: unknown } | undefined | null;
  if (series) {
    lastSeen = since(series.lastObservedTime, now);
    count = typeof series.count === 'number' ? series.count : 0;
  } else if (count === 0) {
    count = 1;
  }
  const ref = (obj['involvedObject'] ?? {}) as { kind?: unknown; name?: unknown; fieldPath?: unknown };
  const kind = str(ref.kind).toLowerCase();
  const target = str(ref.name) !== '' ? `${kind}/${str(ref.name)}` : kind;
  const source = (obj['source'] ?? {}) as { component?: unknown; host?: unknown };
  const component = str(source.component) || str(obj['reportingComponent']);
  const instance = str(source.host) || str(obj['reportingInstance']);
  return [
    lastSeen,
    str(obj['type']),
    str(obj['reason']),
    target,
    str(ref.fieldPath),
    instance === '' ? component : `${component}, ${instance}`,
    str(obj['message']).trim(),
    firstSeen,
    count,
    obj.metadata?.name ?? '',
  ];
}

/** Columns of kube's Event printer, in cell order. */
export const eventTable: TableDefinition = {
  columns: [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    column('Object', 'The object that this event is about.'),
    column('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', 1),
    column('Source', 'The component reporting this event. Should be a short machine understandable string.', 1),
    column('Message', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    column('Count', 'The number of times this event has occurred.', 1),
    { ...NAME_COLUMN, priority: 1 },
  ],
  cells: eventCells,
};

/** The same printer for events.k8s.io/v1 objects (kube prints both through the internal type). */
export function eventsV1Table(toCore: (obj: KubeObject) => KubeObject): TableDefinition {
  return { columns: eventTable.columns, cells: (obj, now) => eventCells(toCore(obj), now) };
}
