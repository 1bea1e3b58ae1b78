/** The logical cluster id (and path) of the root workspace, which always exists. */
export const ROOT_CLUSTER = 'root';

/** The `/clusters/*` workspace: list and watch across every logical cluster (privileged users only). */
export const WILDCARD_CLUSTER = '*';

/** The annotation a wildcard list/watch puts on each item: the logical cluster id the object is stored under. */
export const CLUSTER_ANNOTATION = 'strata.dev/cluster';

// A key segment: lower-case alphanumerics and '-', no ':' (that separates path segments) and no '/'.
const CLUSTER_ID = /^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/;
const WORKSPACE_SEGMENT = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * True for a logical cluster id the workspace-controller may assign: 1–32 characters of [a-z0-9-], starting and
 * ending alphanumeric, and not `root` (reserved for the root workspace, which is addressed by its path).
 */
export function isLogicalClusterId(id: string): boolean {
  return id !== ROOT_CLUSTER && CLUSTER_ID.test(id);
}

/** True for a workspace path: `root` or `root:<segment>[:<segment>...]` with DNS-1123 label segments. */
export function isWorkspacePath(path: string): boolean {
  const parts = path.split(':');
  return parts[0] === ROOT_CLUSTER && parts.every((p) => WORKSPACE_SEGMENT.test(p));
}
