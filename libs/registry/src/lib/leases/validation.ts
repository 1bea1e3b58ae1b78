import { invalid, isDNS1123Label, isDNS1123Subdomain } from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';
import { nameValidator, validateObjectMeta, validateObjectMetaUpdate } from '../object-meta-validation';

function spec(obj: KubeObject): Record<string, unknown> {
  const s = obj['spec'];
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as Record<string, unknown>) : {};
}

/** kube's ValidateLeaseSpec: leaseDurationSeconds > 0 and leaseTransitions ≥ 0 when set. */
export function validateLeaseSpec(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const s = spec(obj);
  const duration = s['leaseDurationSeconds'];
  if (typeof duration === 'number' && duration <= 0) {
    errs.push(invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  }
  const transitions = s['leaseTransitions'];
  if (typeof transitions === 'number' && transitions < 0) {
    errs.push(invalid('spec.leaseTransitions', transitions, 'must be greater than or equal to 0'));
  }
  return errs;
}

/** kube's ValidateLease: a namespaced object whose name is a DNS-1123 subdomain, and its spec. */
export function validateLease(obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj, true, nameValidator(isDNS1123Subdomain), isDNS1123Label), ...validateLeaseSpec(obj)];
}

/** kube's ValidateLeaseUpdate. */
export function validateLeaseUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateLease(obj)];
}
