/**
 * What discovery and the router know about one resource: its group/version/kind, names and capabilities.
 * Mirrors metav1.APIResource plus the group/version it is served under.
 */
export interface ResourceInfo {
  /** API group; "" for the legacy core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  /** Plural, lower-case: the URL segment and the storage key segment. */
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly categories: readonly string[];
}

/** The apiVersion string of a resource: "v1" for core, "<group>/<version>" otherwise. */
export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

/** The verbs every storage-backed resource of this stage supports. */
export const STANDARD_VERBS: readonly string[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
