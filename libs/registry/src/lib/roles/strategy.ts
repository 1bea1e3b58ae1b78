import type { KubeObject } from '@strata/apimachinery';
import type { ResourceStrategy } from '../strategy';
import { validateRole, validateRoleUpdate } from './validation';

/** kube's role strategy: nothing server-owned beyond metadata; validation in validation.ts. */
export const roleStrategy: ResourceStrategy = {
  prepareForCreate(_obj: KubeObject): void {
    // A Role has no status.
  },
  prepareForUpdate(_obj: KubeObject, _old: KubeObject): void {
    // Nothing server-owned to carry over.
  },
  validate: validateRole,
  validateUpdate: validateRoleUpdate,
};
