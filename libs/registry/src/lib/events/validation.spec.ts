import { fieldErrorMessage } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import { validateEventCreate, validateEventUpdate } from './validation';

const msgs = (errs: ReturnType<typeof validateEventCreate>) => errs.map(fieldErrorMessage);

describe('event validation', () => {
  const legacy: KubeObject = { kind: 'Event', apiVersion: 'v1', metadata: { name: 'e', namespace: 'default' }, involvedObject: { namespace: 'default' } };

  it('accepts a legacy core/v1 event with only an involved object', () => {
    expect(validateEventCreate(legacy, 'v1')).toEqual([]);
  });

  it('requires the involved object namespace to match', () => {
    const e = { ...legacy, metadata: { name: 'e', namespace: 'ns1' }, involvedObject: { namespace: 'ns2' } };
    expect(msgs(validateEventCreate(e, 'v1'))).toEqual(['involvedObject.namespace: Invalid value: "ns2": does not match event.namespace']);
  });

  it('requires the new-API fields once eventTime is set, naming the field of the request version', () => {
    const e = { ...legacy, eventTime: '2024-01-01T00:00:00.000000Z' };
    expect(msgs(validateEventCreate(e, 'v1'))).toEqual([
      'reportingComponent: Required value',
      expect.stringMatching(/^reportingComponent: Invalid value: "": name part must be non-empty/),
      expect.stringMatching(/^reportingComponent: Invalid value: "": name part must consist of/),
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ]);
    expect(msgs(validateEventCreate(e, 'events.k8s.io/v1'))[0]).toBe('reportingController: Required value');
  });

  it('makes most fields immutable through events.k8s.io/v1 but not core/v1', () => {
    const base = {
      ...legacy, eventTime: 't', reportingComponent: 'a.io/b', reportingInstance: 'i', action: 'a', reason: 'r', type: 'Normal',
    };
    const changed = { ...base, reason: 'other' };
    expect(validateEventUpdate(changed, base, 'v1')).toEqual([]);
    expect(msgs(validateEventUpdate(changed, base, 'events.k8s.io/v1'))).toEqual(['reason: Invalid value: "other": field is immutable']);
  });
});
