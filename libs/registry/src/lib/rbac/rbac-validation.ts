import {
  invalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  notSupported,
  required,
} from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';
import { validateObjectMeta } from '../object-meta-validation';
import type { NameValidator } from '../object-meta-validation';

/** The RBAC API group, the only roleRef.apiGroup kube accepts. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** kube's path.IsValidPathSegmentName, which RBAC uses for names (so "system:admin" is valid). */
export function isValidPathSegmentName(name: string): string[] {
  for (const bad of ['.', '..']) if (name === bad) return [`may not be '${bad}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/** kube's ValidateRBACName (prefixes are checked the same way). */
export const validateRBACName: NameValidator = (name) => isValidPathSegmentName(name);

/** Object meta of an RBAC object: names are path segments; namespaces DNS-1123 labels. */
export function validateRBACObjectMeta(obj: KubeObject, namespaced: boolean): FieldError[] {
  return validateObjectMeta(obj, namespaced, validateRBACName, isDNS1123Label);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** kube's ValidatePolicyRule for `rules[i]`. */
export function validatePolicyRule(rule: unknown, namespaced: boolean, path: string): FieldError[] {
  const r = record(rule);
  const errs: FieldError[] = [];
  if (strings(r['verbs']).length === 0) errs.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = strings(r['nonResourceURLs']);
  if (urls.length > 0) {
    if (namespaced) errs.push(invalid(`${path}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (strings(r['apiGroups']).length > 0 || strings(r['resources']).length > 0 || strings(r['resourceNames']).length > 0) {
      errs.push(invalid(`${path}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (strings(r['apiGroups']).length === 0) errs.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (strings(r['resources']).length === 0) errs.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

/** Every rule of a Role/ClusterRole. */
export function validateRules(obj: KubeObject, namespaced: boolean): FieldError[] {
  const rules = obj['rules'];
  return Array.isArray(rules) ? rules.flatMap((r, i) => validatePolicyRule(r, namespaced, `rules[${i}]`)) : [];
}

/** kube's ValidateLabelSelector (matchLabels keys/values, matchExpressions operators and values). */
export function validateLabelSelector(selector: unknown, path: string): FieldError[] {
  const s = record(selector);
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(record(s['matchLabels']))) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(`${path}.matchLabels`, k, msg));
    for (const msg of isValidLabelValue(String(v))) errs.push(invalid(`${path}.matchLabels`, v, msg));
  }
  const exprs = Array.isArray(s['matchExpressions']) ? s['matchExpressions'] : [];
  exprs.forEach((e: unknown, i: number) => {
    const ep = `${path}.matchExpressions[${i}]`;
    const expr = record(e);
    const op = expr['operator'];
    const values = strings(expr['values']);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(required(`${ep}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.push({ type: 'FieldValueForbidden', field: `${ep}.values`, detail: 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'' });
    } else {
      errs.push(invalid(`${ep}.operator`, op, 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(typeof expr['key'] === 'string' ? expr['key'] : '')) errs.push(invalid(`${ep}.key`, expr['key'], msg));
  });
  return errs;
}

/** kube's checks of a binding's roleRef: apiGroup RBAC, kind among `kinds`, name a path segment. */
export function validateRoleRef(obj: KubeObject, kinds: readonly string[]): FieldError[] {
  const ref = record(obj['roleRef']);
  const errs: FieldError[] = [];
  const apiGroup = typeof ref['apiGroup'] === 'string' ? ref['apiGroup'] : '';
  if (apiGroup !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', apiGroup, [RBAC_GROUP]));
  const kind = typeof ref['kind'] === 'string' ? ref['kind'] : '';
  if (!kinds.includes(kind)) errs.push(notSupported('roleRef.kind', kind, kinds));
  const name = typeof ref['name'] === 'string' ? ref['name'] : '';
  if (name === '') errs.push(required('roleRef.name', ''));
  else for (const msg of isValidPathSegmentName(name)) errs.push(invalid('roleRef.name', name, msg));
  return errs;
}

/** kube's ValidateRoleBindingSubject for `subjects[i]`. */
export function validateSubject(subject: unknown, namespaced: boolean, path: string): FieldError[] {
  const s = record(subject);
  const errs: FieldError[] = [];
  const name = typeof s['name'] === 'string' ? s['name'] : '';
  const apiGroup = typeof s['apiGroup'] === 'string' ? s['apiGroup'] : '';
  if (name === '') errs.push(required(`${path}.name`, ''));
  switch (s['kind']) {
    case 'ServiceAccount':
      if (name !== '') for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(`${path}.name`, name, msg));
      if (apiGroup !== '') errs.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && !s['namespace']) errs.push(required(`${path}.namespace`, ''));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${path}.kind`, s['kind'] ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** Every subject of a binding. */
export function validateSubjects(obj: KubeObject, namespaced: boolean): FieldError[] {
  const subjects = obj['subjects'];
  return Array.isArray(subjects) ? subjects.flatMap((s, i) => validateSubject(s, namespaced, `subjects[${i}]`)) : [];
}

/** kube's ValidateRoleBindingUpdate/ValidateClusterRoleBindingUpdate rule: roleRef never changes. */
export function validateRoleRefUnchanged(obj: KubeObject, old: KubeObject): FieldError[] {
  const a = record(obj['roleRef']);
  const b = record(old['roleRef']);
  const same = ['apiGroup', 'kind', 'name'].every((k) => (a[k] ?? '') === (b[k] ?? ''));
  return same ? [] : [invalid('roleRef', obj['roleRef'], 'cannot change roleRef')];
}
