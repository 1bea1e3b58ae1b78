import type { KubeObject } from '@strata/apimachinery';
import type { ResourceStrategy } from '../strategy';
import { validateClusterRole, validateClusterRoleUpdate } from './validation';

/** kube's clusterrole strategy: nothing server-owned beyond metadata; validation in validation.ts. */
export const clusterRoleStrategy: ResourceStrategy = {
  prepareForCreate(_obj: KubeObject): void {
    // A ClusterRole has no status; aggregated rules are a controller's business.
  },
  prepareForUpdate(_obj: KubeObject, _old: KubeObject): void {
    // Nothing server-owned to carry over.
  },
  validate: validateClusterRole,
  validateUpdate: validateClusterRoleUpdate,
};
