/** The API group and version of Workspace. */
export const TENANCY_API_VERSION = 'tenancy.strata.dev/v1alpha1';
/** The API group and version of LogicalCluster. */
export const CORE_STRATA_API_VERSION = 'core.strata.dev/v1alpha1';
/** The finalizer the apiserver puts on every Workspace; this controller drops it after the purge. */
export const WORKSPACE_FINALIZER = 'tenancy.strata.dev/workspace';
/** JSON {username, uid?, groups} of the Workspace's creator, set by the apiserver. */
export const WORKSPACE_OWNER_ANNOTATION = 'tenancy.strata.dev/owner';
/** On items of a wildcard (`/clusters/*`) list or watch: the logical cluster id the object is stored under. */
export const CLUSTER_ANNOTATION = 'strata.dev/cluster';
/** The root workspace's logical cluster id (and path). */
export const ROOT_CLUSTER = 'root';
/** The one LogicalCluster object of each logical cluster. */
export const LOGICAL_CLUSTER_NAME = 'cluster';

/** Workspace phases. */
export type WorkspacePhase = 'Scheduling' | 'Initializing' | 'Ready' | 'Terminating';

/** A status condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** A tenancy.strata.dev/v1alpha1 Workspace as this controller reads and writes it. */
export interface Workspace {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    uid?: string;
    resourceVersion?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: { type?: { name: string; path?: string }; cluster?: string; URL?: string };
  status?: { phase?: WorkspacePhase; conditions?: Condition[] };
  [key: string]: unknown;
}

/** A core.strata.dev/v1alpha1 LogicalCluster. */
export interface LogicalCluster {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; resourceVersion?: string; [key: string]: unknown };
  spec?: {
    owner?: { apiVersion: string; resource: string; name: string; cluster: string; uid: string };
    initializers?: string[];
  };
  status?: { phase?: WorkspacePhase; path?: string; URL?: string };
  [key: string]: unknown;
}

/** The creator recorded in {@link WORKSPACE_OWNER_ANNOTATION}. */
export interface WorkspaceOwner {
  username: string;
  uid?: string;
  groups?: string[];
}

/** The owner annotation parsed, or undefined when absent or malformed. */
export function workspaceOwner(ws: Workspace): WorkspaceOwner | undefined {
  const raw = ws.metadata.annotations?.[WORKSPACE_OWNER_ANNOTATION];
  if (!raw) return undefined;
  try {
    const owner = JSON.parse(raw) as Partial<WorkspaceOwner>;
    return typeof owner.username === 'string' && owner.username !== '' ? (owner as WorkspaceOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** The workspace path in spec.URL (`https://host/clusters/<path>`), or undefined before scheduling. */
export function workspacePathOf(ws: Workspace): string | undefined {
  const url = ws.spec?.URL;
  const i = url?.lastIndexOf('/clusters/') ?? -1;
  return url && i >= 0 ? url.slice(i + '/clusters/'.length) : undefined;
}

/** Where a Workspace lives: its parent's logical cluster id and its name. */
export interface WorkspaceRef {
  readonly parentCluster: string;
  readonly name: string;
}
