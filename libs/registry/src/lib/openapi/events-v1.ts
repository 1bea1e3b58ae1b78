import { META, int32, kind, listKind, ref, str, struct } from './schema-builders';
import type { SchemaTable } from './schema-types';

const EVENTS = (name: string): string => `io.k8s.api.events.v1.${name}`;
const gvk = (k: string) => ({ group: 'events.k8s.io', version: 'v1', kind: k });

/** Schemas of events.k8s.io/v1: the second representation of the stored core/v1 Event. */
export const EVENTS_V1_SCHEMAS: SchemaTable = {
  [EVENTS('Event')]: kind(
    gvk('Event'),
    'Event is a report of an event somewhere in the cluster. It generally denotes some state change in the system. Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.',
    {
      action: str(
        'action is what action was taken/failed regarding to the regarding object. It is machine-readable. This field cannot be empty for new Events and it can have at most 128 characters.',
      ),
      deprecatedCount: int32('deprecatedCount is the deprecated field assuring backward compatibility with core.v1 Event type.'),
      deprecatedFirstTimestamp: ref(META('Time'), 'deprecatedFirstTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.'),
      deprecatedLastTimestamp: ref(META('Time'), 'deprecatedLastTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.'),
      deprecatedSource: ref('io.k8s.api.core.v1.EventSource', 'deprecatedSource is the deprecated field assuring backward compatibility with core.v1 Event type.', { default: {} }),
      eventTime: ref(META('MicroTime'), 'eventTime is the time when this Event was first observed. It is required.'),
      note: str(
        'note is a human-readable description of the status of this operation. Maximal length of the note is 1kB, but libraries should be prepared to handle values up to 64kB.',
      ),
      reason: str(
        'reason is why the action was taken. It is human-readable. This field cannot be empty for new Events and it can have at most 128 characters.',
      ),
      regarding: ref(
        'io.k8s.api.core.v1.ObjectReference',
        "regarding contains the object this Event is about. In most cases it's an Object reporting controller implements, e.g. ReplicaSetController implements ReplicaSets and this event is emitted because it acts on some changes in a ReplicaSet object.",
        { default: {} },
      ),
      related: ref(
        'io.k8s.api.core.v1.ObjectReference',
        'related is the optional secondary object for more complex actions. E.g. when regarding object triggers a creation or deletion of related object.',
      ),
      reportingController: str(
        'reportingController is the name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`. This field cannot be empty for new Events.',
      ),
      reportingInstance: str(
        'reportingInstance is the ID of the controller instance, e.g. `kubelet-xyzf`. This field cannot be empty for new Events and it can have at most 128 characters.',
      ),
      series: ref(EVENTS('EventSeries'), "series is data about the Event series this event represents or nil if it's a singleton Event."),
      type: str(
        'type is the type of this event (Normal, Warning), new types could be added in the future. It is machine-readable. This field cannot be empty for new Events.',
      ),
    },
    ['eventTime'],
  ),
  [EVENTS('EventList')]: listKind(gvk('EventList'), EVENTS('Event'), 'EventList is a list of Event objects.', 'items is a list of schema objects.'),
  [EVENTS('EventSeries')]: struct(
    'EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time. How often to update the EventSeries is up to the event reporters. The default event reporter in "k8s.io/client-go/tools/events/event_broadcaster.go" shows how this struct is updated on heartbeats and can guide customized reporter implementations.',
    {
      count: { ...int32('count is the number of occurrences in this series up to the last heartbeat time.'), default: 0 },
      lastObservedTime: ref(META('MicroTime'), 'lastObservedTime is the time when last Event from the series was seen before last heartbeat.'),
    },
    { required: ['count', 'lastObservedTime'] },
  ),
};
