import type { KubeObject } from '@strata/apimachinery';
import { defaultBinding } from '../rbac/binding-defaults';
import type { ResourceStrategy } from '../strategy';
import { validateRoleBinding, validateRoleBindingUpdate } from './validation';

/** kube's rolebinding strategy: v1 defaulting of roleRef/subject API groups; validation in validation.ts. */
export const roleBindingStrategy: ResourceStrategy = {
  prepareForCreate(obj: KubeObject): void {
    defaultBinding(obj);
  },
  prepareForUpdate(obj: KubeObject, _old: KubeObject): void {
    defaultBinding(obj);
  },
  validate: validateRoleBinding,
  validateUpdate: validateRoleBindingUpdate,
};
