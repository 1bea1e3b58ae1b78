/**
 * Maps a workspace name from the URL (`root`, `root:team-a`) to the logical cluster id used in storage keys.
 * The workspace issue replaces the identity mapping with a lookup of the workspace's immutable id.
 */
export interface ClusterResolver {
  /** Resolves to the cluster id, or `undefined` when no such workspace exists (the caller answers 404). */
  resolve(workspaceName: string, signal?: AbortSignal): Promise<string | undefined>;
}

const WORKSPACE_SEGMENT = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** True for `root` and `root:<segment>[:<segment>...]` with DNS-1123 label segments. */
export function isValidWorkspaceName(name: string): boolean {
  const parts = name.split(':');
  return parts[0] === 'root' && parts.every((p) => WORKSPACE_SEGMENT.test(p));
}

/** Until workspaces exist as objects, a workspace's cluster id is its name; malformed names resolve to nothing. */
export class WorkspaceNameClusterResolver implements ClusterResolver {
  resolve(workspaceName: string): Promise<string | undefined> {
    return Promise.resolve(isValidWorkspaceName(workspaceName) ? workspaceName : undefined);
  }
}
