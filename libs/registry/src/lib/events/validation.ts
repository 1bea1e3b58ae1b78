import { invalid, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, required } from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';
import { nameValidator, validateObjectMeta, validateObjectMetaUpdate } from '../object-meta-validation';
import { jsonEqual } from '../stable-json';

/** The API an event was written through: kube validates core/v1 writes leniently, events.k8s.io/v1 strictly. */
export type EventRequestVersion = 'v1' | 'events.k8s.io/v1';

// kube's pkg/apis/core/validation/events.go limits.
const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

function str(obj: KubeObject, field: string): string {
  const v = obj[field];
  return typeof v === 'string' ? v : '';
}

function involvedNamespace(obj: KubeObject): string {
  const ref = obj['involvedObject'] as { namespace?: unknown } | undefined;
  return typeof ref?.namespace === 'string' ? ref.namespace : '';
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** kube's legacyValidateEvent: every event, through either API. */
function legacyValidateEvent(obj: KubeObject, version: EventRequestVersion): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = obj.metadata?.namespace ?? '';
  const involvedNs = involvedNamespace(obj);
  const reportingField = version === 'v1' ? 'reportingComponent' : 'reportingController';
  if (!isSet(obj['eventTime'])) {
    const mismatch = involvedNs === '' ? namespace !== '' && namespace !== 'default' : namespace !== involvedNs;
    if (mismatch) errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  } else {
    if (involvedNs === '' && namespace !== 'default' && namespace !== 'kube-system') {
      errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    }
    const controller = str(obj, 'reportingComponent');
    if (controller === '') errs.push(required(reportingField, ''));
    for (const msg of isQualifiedName(controller)) errs.push(invalid(reportingField, controller, msg));
    const instance = str(obj, 'reportingInstance');
    if (instance === '') errs.push(required('reportingInstance', ''));
    if (instance.length > REPORTING_INSTANCE_LIMIT) errs.push(invalid('reportingInstance', '', `can have at most ${REPORTING_INSTANCE_LIMIT} characters`));
    const action = str(obj, 'action');
    if (action === '') errs.push(required('action', ''));
    if (action.length > ACTION_LIMIT) errs.push(invalid('action', '', `can have at most ${ACTION_LIMIT} characters`));
    const reason = str(obj, 'reason');
    if (reason === '') errs.push(required('reason', ''));
    if (reason.length > REASON_LIMIT) errs.push(invalid('reason', '', `can have at most ${REASON_LIMIT} characters`));
    if (str(obj, 'message').length > NOTE_LIMIT) errs.push(invalid('message', '', `can have at most ${NOTE_LIMIT} characters`));
  }
  for (const msg of isDNS1123Subdomain(namespace)) errs.push(invalid('namespace', namespace, msg));
  return errs;
}

function validateSeries(obj: KubeObject): FieldError[] {
  const series = obj['series'] as { count?: unknown; lastObservedTime?: unknown } | undefined | null;
  if (!series) return [];
  const errs: FieldError[] = [];
  if (typeof series.count !== 'number' || series.count < 2) errs.push(invalid('series.count', '', 'should be at least 2'));
  if (!isSet(series.lastObservedTime)) errs.push(required('series.lastObservedTime', ''));
  return errs;
}

/** kube's ValidateEventCreate: legacy checks always; events.k8s.io/v1 adds object meta and the new-API rules. */
export function validateEventCreate(obj: KubeObject, version: EventRequestVersion): FieldError[] {
  const errs = legacyValidateEvent(obj, version);
  if (version === 'v1') return errs;
  errs.push(...validateObjectMeta(obj, true, nameValidator(isDNS1123Subdomain), isDNS1123Label));
  errs.push(...validateSeries(obj));
  if (!isSet(obj['eventTime'])) errs.push(required('eventTime', ''));
  const type = str(obj, 'type');
  if (type !== 'Normal' && type !== 'Warning') errs.push(invalid('type', '', `has invalid value: ${type}`));
  if (isSet(obj['firstTimestamp'])) errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (isSet(obj['lastTimestamp'])) errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (typeof obj['count'] === 'number' && obj['count'] !== 0) errs.push(invalid('count', '', 'needs to be unset'));
  const source = (obj['source'] ?? {}) as { component?: unknown; host?: unknown };
  if (isSet(source.component) || isSet(source.host)) errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

const IMMUTABLE_V1_FIELDS = [
  'involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'type', 'eventTime',
  'action', 'related', 'reportingComponent', 'reportingInstance',
];

/** kube's ValidateEventUpdate: legacy checks; through events.k8s.io/v1 also metadata and most fields immutable. */
export function validateEventUpdate(obj: KubeObject, old: KubeObject, version: EventRequestVersion): FieldError[] {
  const errs = legacyValidateEvent(obj, version);
  if (version === 'v1') return errs;
  errs.push(...validateObjectMetaUpdate(obj, old));
  if (!jsonEqual(obj['series'], old['series'])) errs.push(...validateSeries(obj));
  for (const field of IMMUTABLE_V1_FIELDS) {
    if (!jsonEqual(obj[field] ?? null, old[field] ?? null)) {
      // kube names the core field reportingComponent by its Go name here.
      errs.push(invalid(field === 'reportingComponent' ? 'reportingController' : field, obj[field], 'field is immutable'));
    }
  }
  return errs;
}
