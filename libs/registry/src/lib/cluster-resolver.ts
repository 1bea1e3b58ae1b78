/**
 * Maps a workspace name from the URL (`root`, `root:team-a`, or a logical cluster id) to the logical cluster id
 * used in storage keys. The default is WorkspaceClusterResolver (clusters/); the identity mapping below remains
 * for tests and tools that address clusters by name.
 */
export interface ClusterResolver {
  /**
   * Resolves to the cluster id, or `undefined` when no such workspace exists (the caller answers a generic 404).
   * May reject with a StatusError to answer with its own message (404 unknown, 403 not ready).
   */
  resolve(workspaceName: string, signal?: AbortSignal): Promise<string | undefined>;
  /** Drops any cached resolution through `clusterId` (its Workspace was deleted or left Ready). Optional. */
  forget?(clusterId: string): void;
  /**
   * The workspace path (`root:acme`) of logical cluster `clusterId` when known without a read (a recent
   * resolution), else undefined. Optional.
   */
  pathOf?(clusterId: string): string | undefined;
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
