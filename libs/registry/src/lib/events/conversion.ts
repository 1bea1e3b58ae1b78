import type { KubeObject } from '@strata/apimachinery';

/**
 * events.k8s.io/v1 field → core/v1 field (kube's Convert_v1_Event_To_core_Event and its generated part). Fields
 * with the same name on both sides (eventTime, series, reportingInstance, action, reason, related, type) are
 * carried as they are.
 */
const EVENTS_V1_TO_CORE: Readonly<Record<string, string>> = {
  regarding: 'involvedObject',
  note: 'message',
  reportingController: 'reportingComponent',
  deprecatedSource: 'source',
  deprecatedFirstTimestamp: 'firstTimestamp',
  deprecatedLastTimestamp: 'lastTimestamp',
  deprecatedCount: 'count',
};

const SHARED_FIELDS = ['eventTime', 'series', 'reportingInstance', 'action', 'reason', 'related', 'type'];

const CORE_TO_EVENTS_V1: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(EVENTS_V1_TO_CORE).map(([v1, core]) => [core, v1]),
);

function rename(obj: KubeObject, names: Readonly<Record<string, string>>, kind: string, apiVersion: string): KubeObject {
  const out: KubeObject = { kind, apiVersion, metadata: structuredClone(obj.metadata ?? {}) };
  for (const [field, value] of Object.entries(obj)) {
    if (field === 'kind' || field === 'apiVersion' || field === 'metadata' || value === undefined) continue;
    const target = names[field] ?? (SHARED_FIELDS.includes(field) ? field : undefined);
    if (target !== undefined) out[target] = structuredClone(value);
  }
  return out;
}

/** An events.k8s.io/v1 Event as the stored core/v1 Event (fields of neither API are dropped, as decoding does). */
export function eventsV1ToCore(obj: KubeObject): KubeObject {
  return rename(obj, EVENTS_V1_TO_CORE, 'Event', 'v1');
}

/** A stored core/v1 Event as an events.k8s.io/v1 Event. */
export function coreToEventsV1(obj: KubeObject): KubeObject {
  return rename(obj, CORE_TO_EVENTS_V1, 'Event', 'events.k8s.io/v1');
}

/**
 * events.k8s.io/v1 field selector labels → paths in the stored core/v1 Event (kube's
 * AddFieldLabelConversionsForEvent in pkg/apis/events/v1).
 */
export const EVENTS_V1_FIELD_LABELS: Readonly<Record<string, string>> = {
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  'regarding.fieldPath': 'involvedObject.fieldPath',
  reportingController: 'reportingComponent',
};
