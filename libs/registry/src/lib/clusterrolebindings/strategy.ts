import type { KubeObject } from '@strata/apimachinery';
import { defaultBinding } from '../rbac/binding-defaults';
import type { ResourceStrategy } from '../strategy';
import { validateClusterRoleBinding, validateClusterRoleBindingUpdate } from './validation';

/** kube's clusterrolebinding strategy: v1 defaulting of roleRef/subject API groups; validation in validation.ts. */
export const clusterRoleBindingStrategy: ResourceStrategy = {
  prepareForCreate(obj: KubeObject): void {
    defaultBinding(obj);
  },
  prepareForUpdate(obj: KubeObject, _old: KubeObject): void {
    defaultBinding(obj);
  },
  validate: validateClusterRoleBinding,
  validateUpdate: validateClusterRoleBindingUpdate,
};
