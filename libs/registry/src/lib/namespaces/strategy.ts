import type { KubeObject } from '@strata/apimachinery';
import type { ResourceStrategy } from '../strategy';
import {
  validateNamespace,
  validateNamespaceFinalizeUpdate,
  validateNamespaceStatusUpdate,
  validateNamespaceUpdate,
} from './validation';

/** The label kube puts on every namespace so selectors can match namespaces by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** The finalizer the namespace lifecycle controller removes once the namespace is empty. */
export const KUBERNETES_FINALIZER = 'kubernetes';

function setNameLabel(obj: KubeObject): void {
  const name = obj.metadata?.name;
  if (!name) return;
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
}

function spec(obj: KubeObject): { finalizers?: string[] } {
  const s = obj['spec'];
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as { finalizers?: string[] }) : {};
}

/**
 * kube's namespace strategy: a new namespace is Active with the `kubernetes` finalizer; status and finalizers
 * are owned by the server (the status and finalize subresources) and carried over on update.
 */
export const namespaceStrategy: ResourceStrategy = {
  prepareForCreate(obj: KubeObject): void {
    const finalizers = Array.isArray(spec(obj).finalizers) ? [...(spec(obj).finalizers as string[])] : [];
    if (!finalizers.includes(KUBERNETES_FINALIZER)) finalizers.push(KUBERNETES_FINALIZER);
    obj['spec'] = { ...spec(obj), finalizers };
    obj['status'] = { phase: 'Active' };
    setNameLabel(obj);
  },
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    obj['spec'] = { ...spec(obj), finalizers: spec(old).finalizers };
    obj['status'] = old['status'];
    setNameLabel(obj);
  },
  validate: validateNamespace,
  validateUpdate: validateNamespaceUpdate,
};

/**
 * The `namespaces/finalize` strategy (kube's namespaceFinalizeStrategy): spec.finalizers come from the request,
 * status stays the server's; finalizer names are validated.
 */
export const namespaceFinalizeStrategy: ResourceStrategy = {
  prepareForCreate: namespaceStrategy.prepareForCreate,
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    obj['status'] = old['status'];
    setNameLabel(obj);
  },
  validate: validateNamespace,
  validateUpdate: validateNamespaceFinalizeUpdate,
};

/** The `namespaces/status` strategy (kube's namespaceStatusStrategy): only status (phase, conditions) changes. */
export const namespaceStatusStrategy: ResourceStrategy = {
  prepareForCreate: namespaceStrategy.prepareForCreate,
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    obj['spec'] = old['spec'];
    setNameLabel(obj);
  },
  validate: validateNamespace,
  validateUpdate: validateNamespaceStatusUpdate,
};
