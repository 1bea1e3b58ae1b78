import { EVENTS_V1_FIELD_LABELS, coreToEventsV1, eventsV1ToCore } from './conversion';

describe('event conversion core/v1 ↔ events.k8s.io/v1', () => {
  const v1 = {
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
    metadata: { name: 'e', namespace: 'ns' },
    eventTime: '2024-01-01T00:00:00.000000Z',
    series: { count: 2, lastObservedTime: '2024-01-01T00:01:00.000000Z' },
    reportingController: 'example.com/ctl',
    reportingInstance: 'i-1',
    action: 'Act',
    reason: 'Why',
    regarding: { kind: 'Pod', name: 'p' },
    related: { kind: 'Node', name: 'n' },
    note: 'text',
    type: 'Normal',
    deprecatedSource: { component: 'c', host: 'h' },
    deprecatedFirstTimestamp: '2024-01-01T00:00:00Z',
    deprecatedLastTimestamp: '2024-01-01T00:02:00Z',
    deprecatedCount: 4,
  };

  it('maps every events.k8s.io field to its core field', () => {
    expect(eventsV1ToCore(v1)).toEqual({
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name: 'e', namespace: 'ns' },
      eventTime: v1.eventTime,
      series: v1.series,
      reportingComponent: 'example.com/ctl',
      reportingInstance: 'i-1',
      action: 'Act',
      reason: 'Why',
      involvedObject: { kind: 'Pod', name: 'p' },
      related: { kind: 'Node', name: 'n' },
      message: 'text',
      type: 'Normal',
      source: { component: 'c', host: 'h' },
      firstTimestamp: v1.deprecatedFirstTimestamp,
      lastTimestamp: v1.deprecatedLastTimestamp,
      count: 4,
    });
  });

  it('round-trips without loss and without sharing nested objects', () => {
    const back = coreToEventsV1(eventsV1ToCore(v1));
    expect(back).toEqual(v1);
    expect(back.regarding).not.toBe(v1.regarding);
  });

  it('drops fields neither API has', () => {
    expect(eventsV1ToCore({ ...v1, bogus: 1 })['bogus']).toBeUndefined();
  });

  it('maps events.k8s.io selector labels onto stored core paths', () => {
    expect(EVENTS_V1_FIELD_LABELS['regarding.name']).toBe('involvedObject.name');
    expect(EVENTS_V1_FIELD_LABELS['reportingController']).toBe('reportingComponent');
  });
});
