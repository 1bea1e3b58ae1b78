import type { ResourceInfo } from './resource-info';

/** The etcd key root shared by every resource (kube's --etcd-prefix). */
export const REGISTRY_ROOT = '/registry';

function resourceRoot(info: Pick<ResourceInfo, 'group' | 'plural'>, cluster: string): string {
  return `${REGISTRY_ROOT}/${info.group === '' ? 'core' : info.group}/${info.plural}/${cluster}/`;
}

/**
 * The key of one object: `/registry/<group|core>/<resource>/<cluster>/[<namespace>/]<name>`.
 * Callers have validated `cluster`, `namespace` and `name` (no "/"), so keys of different tenants never nest.
 */
export function objectKey(
  info: Pick<ResourceInfo, 'group' | 'plural' | 'namespaced'>,
  cluster: string,
  namespace: string | undefined,
  name: string,
): string {
  const root = resourceRoot(info, cluster);
  return info.namespaced ? `${root}${namespace ?? ''}/${name}` : `${root}${name}`;
}

/**
 * The range prefix of a list or watch, always ending in "/": one namespace when `namespace` is given
 * (namespaced resources only), otherwise every object of the resource in the cluster.
 */
export function listPrefix(
  info: Pick<ResourceInfo, 'group' | 'plural' | 'namespaced'>,
  cluster: string,
  namespace: string | undefined,
): string {
  const root = resourceRoot(info, cluster);
  return info.namespaced && namespace ? `${root}${namespace}/` : root;
}
