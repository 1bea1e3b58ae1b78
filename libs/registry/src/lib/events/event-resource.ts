import { STANDARD_VERBS } from '../resource-info';
import type { ResourceDefinition } from '../strategy';
import { EVENTS_V1_FIELD_LABELS, coreToEventsV1, eventsV1ToCore } from './conversion';
import { eventStrategy } from './strategy';
import { eventTable, eventsV1Table } from './table';

/** kube-apiserver's default --event-ttl (1h): every write of an event renews its storage lease. */
export const EVENT_TTL_SECONDS = 3600;

/** kube's event field selectors (ToSelectableFields), besides metadata.name/namespace. */
const CORE_EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

/** core/v1 events: the stored representation of every event. */
export const eventResource: ResourceDefinition = {
  info: {
    group: '',
    version: 'v1',
    kind: 'Event',
    listKind: 'EventList',
    plural: 'events',
    singular: 'event',
    shortNames: ['ev'],
    namespaced: true,
    verbs: STANDARD_VERBS,
    categories: [],
  },
  strategy: eventStrategy('v1'),
  table: eventTable,
  topLevelFields: [
    'involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'type', 'eventTime',
    'series', 'action', 'related', 'reportingComponent', 'reportingInstance',
  ],
  extraSelectableFields: CORE_EVENT_FIELDS,
  // kube's `source` selects source.component (falling back to reportingController, which a path cannot express).
  fieldLabelPaths: { source: 'source.component' },
  returnDeletedObject: false,
  ttlSeconds: EVENT_TTL_SECONDS,
};

/** events.k8s.io/v1 events: the same stored objects as core/v1 events, converted on the way in and out. */
export const eventsV1Resource: ResourceDefinition = {
  info: { ...eventResource.info, group: 'events.k8s.io' },
  strategy: eventStrategy('events.k8s.io/v1'),
  table: eventsV1Table(eventsV1ToCore),
  topLevelFields: [
    'eventTime', 'series', 'reportingController', 'reportingInstance', 'action', 'reason', 'regarding', 'related',
    'note', 'type', 'deprecatedSource', 'deprecatedFirstTimestamp', 'deprecatedLastTimestamp', 'deprecatedCount',
  ],
  extraSelectableFields: ['reason', 'type', ...Object.keys(EVENTS_V1_FIELD_LABELS)],
  fieldLabelPaths: EVENTS_V1_FIELD_LABELS,
  storedAs: { resource: eventResource.info, toStorage: eventsV1ToCore, fromStorage: coreToEventsV1 },
  returnDeletedObject: false,
  ttlSeconds: EVENT_TTL_SECONDS,
};
