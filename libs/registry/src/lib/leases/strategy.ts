import type { KubeObject } from '@strata/apimachinery';
import type { ResourceStrategy } from '../strategy';
import { validateLease, validateLeaseUpdate } from './validation';

// kube drops the CoordinatedLeaderElection fields while that (alpha, default off) feature gate is disabled.
function dropDisabledFields(obj: KubeObject): void {
  const spec = obj['spec'];
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return;
  const copy = { ...(spec as Record<string, unknown>) };
  delete copy['strategy'];
  delete copy['preferredHolder'];
  obj['spec'] = copy;
}

/** kube's lease strategy: no status; gated fields dropped; validation in validation.ts. */
export const leaseStrategy: ResourceStrategy = {
  prepareForCreate(obj: KubeObject): void {
    dropDisabledFields(obj);
  },
  prepareForUpdate(obj: KubeObject, _old: KubeObject): void {
    dropDisabledFields(obj);
  },
  validate: validateLease,
  validateUpdate: validateLeaseUpdate,
};
