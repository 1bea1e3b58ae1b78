import {
  SelectorParseError,
  escapeFieldValue,
  forbidden,
  newBadRequest,
  newInvalid,
  notSupported,
  parseFieldSelector,
  parseLabelSelector,
} from '@strata/apimachinery';
import type { FieldError } from '@strata/apimachinery';
import type { ResourceVersionMatch } from '@strata/storage';
import type { ResourceDefinition } from './strategy';

/** The list/watch query parameters as they arrive (strings from the URL). */
export interface ListRequest {
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: string;
  readonly limit?: string | number;
  readonly continue?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Watch only (WatchList): send the current state first, ended by a bookmark; forbidden on list. */
  readonly sendInitialEvents?: boolean;
}

/** Validated options, ready for the storage list/watch call. */
export interface ValidatedListOptions {
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: ResourceVersionMatch;
  readonly limit?: number;
  readonly continueToken?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/** Fields every resource can be selected by. */
export const COMMON_SELECTABLE_FIELDS: readonly string[] = ['metadata.name', 'metadata.namespace'];

const MATCHES: readonly string[] = ['Exact', 'NotOlderThan'];

/** Core kinds whose kube field-label conversion allows ObjectMeta fields only (core/v1 addConversionFuncs). */
const META_ONLY_CORE_KINDS: readonly string[] = ['ConfigMap', 'ServiceAccount', 'Endpoints', 'ResourceQuota', 'PersistentVolumeClaim', 'Service'];
/** Groups that register no field-label conversion in kube, so the scheme's default conversion answers. */
const DEFAULT_CONVERSION_GROUPS: readonly string[] = ['rbac.authorization.k8s.io', 'coordination.k8s.io'];

/**
 * The message kube-apiserver's scheme.ConvertFieldLabel gives for a field it cannot select on; it differs by kind
 * (kubectl and scripts print it verbatim).
 */
export function unsupportedFieldLabel(resource: ResourceDefinition, field: string): string {
  const { group, kind } = resource.info;
  if (group === '' && META_ONLY_CORE_KINDS.includes(kind)) return `field label ${JSON.stringify(field)} not supported for ${JSON.stringify(kind)}`;
  if (DEFAULT_CONVERSION_GROUPS.includes(group)) {
    return `${JSON.stringify(field)} is not a known field selector: only "metadata.name", "metadata.namespace"`;
  }
  return `field label not supported: ${field}`;
}

/** kube's validateWatchOptions (WatchList on, as in 1.32): sendInitialEvents and resourceVersionMatch go together. */
function watchOptionErrors(req: ListRequest, match: string, cont: string): FieldError[] {
  const errs: FieldError[] = [];
  if (req.sendInitialEvents !== undefined && match !== 'NotOlderThan') {
    errs.push(forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
  }
  if (match !== '') {
    if (req.sendInitialEvents === undefined) {
      errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
    }
    if (match !== 'NotOlderThan') errs.push(notSupported('resourceVersionMatch', match, ['NotOlderThan']));
    if (cont !== '') errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return errs;
}

/**
 * kube's ValidateListOptions plus selector and parameter parsing: selectors that do not parse and field
 * selectors on unsupported fields → 400 BadRequest; inconsistent resourceVersion/resourceVersionMatch/continue
 * → 422 Invalid on ListOptions.meta.k8s.io (or 400 for a resourceVersion with continue, as the etcd3 store does).
 */
export function validateListOptions(resource: ResourceDefinition, req: ListRequest, watch = false): ValidatedListOptions {
  const labelSelector = req.labelSelector ?? '';
  let fieldSelector = req.fieldSelector ?? '';
  try {
    parseLabelSelector(labelSelector);
    const supported = [...COMMON_SELECTABLE_FIELDS, ...resource.extraSelectableFields];
    const requirements = parseFieldSelector(fieldSelector).requirements();
    for (const r of requirements) {
      if (!supported.includes(r.field)) throw newBadRequest(unsupportedFieldLabel(resource, r.field));
    }
    const paths = resource.fieldLabelPaths;
    if (paths && requirements.some((r) => paths[r.field] !== undefined)) {
      // Storage evaluates selectors on the stored object, so labels are rewritten to their stored paths.
      fieldSelector = requirements
        .map((r) => `${paths[r.field] ?? r.field}${r.operator}${escapeFieldValue(r.value)}`)
        .join(',');
    }
  } catch (err) {
    if (err instanceof SelectorParseError) throw newBadRequest(err.message);
    throw err;
  }

  let limit: number | undefined;
  if (req.limit !== undefined && req.limit !== '') {
    limit = Number(req.limit);
    if (!Number.isInteger(limit)) throw newBadRequest(`strconv.ParseInt: parsing ${JSON.stringify(String(req.limit))}: invalid syntax`);
    if (limit < 0) limit = 0;
  }
  const rv = req.resourceVersion ?? '';
  if (rv !== '' && !/^\d+$/.test(rv)) {
    throw newInvalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', [
      { type: 'FieldValueInvalid', field: 'resourceVersion', badValue: rv, detail: 'must be a non-negative integer' },
    ]);
  }
  const match = req.resourceVersionMatch ?? '';
  const cont = req.continue ?? '';
  const errs: FieldError[] = watch ? watchOptionErrors(req, match, cont) : [];
  if (!watch && req.sendInitialEvents !== undefined) errs.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  if (match !== '' && !watch) {
    if (!MATCHES.includes(match)) errs.push(notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    if (rv === '') errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (cont !== '') errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match === 'Exact' && rv === '0') {
      errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
  }
  if (errs.length > 0) throw newInvalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', errs);
  if (cont !== '' && rv !== '' && rv !== '0') {
    throw newBadRequest('specifying resource version is not allowed when using continue');
  }
  const out: {
    -readonly [K in keyof ValidatedListOptions]: ValidatedListOptions[K];
  } = {};
  if (rv !== '') out.resourceVersion = rv;
  if (match !== '') out.resourceVersionMatch = match as ResourceVersionMatch;
  if (limit) out.limit = limit;
  if (cont !== '') out.continueToken = cont;
  if (labelSelector !== '') out.labelSelector = labelSelector;
  if (fieldSelector !== '') out.fieldSelector = fieldSelector;
  return out;
}
