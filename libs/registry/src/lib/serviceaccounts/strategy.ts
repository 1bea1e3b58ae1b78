import type { KubeObject } from '@strata/apimachinery';
import type { ResourceStrategy } from '../strategy';
import { validateServiceAccount, validateServiceAccountUpdate } from './validation';

// kube's cleanSecretReferences: a secret reference keeps only its name.
function cleanSecretReferences(obj: KubeObject): void {
  const secrets = obj['secrets'];
  if (!Array.isArray(secrets)) return;
  obj['secrets'] = secrets.map((s: unknown) => {
    const name = s && typeof s === 'object' ? (s as { name?: unknown }).name : undefined;
    return typeof name === 'string' && name !== '' ? { name } : {};
  });
}

/** kube's serviceaccount strategy: secret references reduced to names; no status. */
export const serviceAccountStrategy: ResourceStrategy = {
  prepareForCreate(obj: KubeObject): void {
    cleanSecretReferences(obj);
  },
  prepareForUpdate(obj: KubeObject, _old: KubeObject): void {
    cleanSecretReferences(obj);
  },
  validate: validateServiceAccount,
  validateUpdate: validateServiceAccountUpdate,
};
