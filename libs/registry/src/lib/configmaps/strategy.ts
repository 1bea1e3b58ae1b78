import type { KubeObject } from '@strata/apimachinery';
import type { ResourceStrategy } from '../strategy';
import { validateConfigMap, validateConfigMapUpdate } from './validation';

/** kube's configmap strategy: no status, nothing server-owned beyond metadata; validation in validation.ts. */
export const configMapStrategy: ResourceStrategy = {
  prepareForCreate(_obj: KubeObject): void {
    // A ConfigMap has no status or spec generation to reset.
  },
  prepareForUpdate(_obj: KubeObject, _old: KubeObject): void {
    // Nothing server-owned to carry over.
  },
  validate: validateConfigMap,
  validateUpdate: validateConfigMapUpdate,
};
