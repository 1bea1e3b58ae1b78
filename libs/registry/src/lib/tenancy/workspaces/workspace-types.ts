import type { KubeObject } from '@strata/apimachinery';

/** The API group of workspaces (kcp's tenancy.kcp.io). */
export const TENANCY_GROUP = 'tenancy.strata.dev';
/** The version workspaces are served at. */
export const TENANCY_VERSION = 'v1alpha1';

/** The finalizer the apiserver puts on every new Workspace; the workspace-controller drops it after the purge. */
export const WORKSPACE_FINALIZER = 'tenancy.strata.dev/workspace';
/** Annotation holding the JSON {username, uid?, groups} of the user who created the Workspace (set by the server). */
export const WORKSPACE_OWNER_ANNOTATION = 'tenancy.strata.dev/owner';

/** The type every Workspace gets when it names none. */
export const DEFAULT_WORKSPACE_TYPE: Readonly<WorkspaceTypeReference> = { name: 'universal', path: 'root' };

/** Workspace phases, in lifecycle order (Terminating while deleting). */
export type WorkspacePhase = 'Scheduling' | 'Initializing' | 'Ready' | 'Terminating';
export const WORKSPACE_PHASES: readonly WorkspacePhase[] = ['Scheduling', 'Initializing', 'Ready', 'Terminating'];

/** Condition types the workspace-controller reports. */
export type WorkspaceConditionType = 'WorkspaceScheduled' | 'WorkspaceInitialized' | 'WorkspaceContentDeleted' | 'Ready';
export const WORKSPACE_CONDITION_TYPES: readonly WorkspaceConditionType[] = [
  'WorkspaceScheduled',
  'WorkspaceInitialized',
  'WorkspaceContentDeleted',
  'Ready',
];

/** spec.type: which WorkspaceType the Workspace has (immutable). */
export interface WorkspaceTypeReference {
  name: string;
  path: string;
}

/** A status condition (metav1.Condition's subset kcp uses). */
export interface WorkspaceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** Workspace.spec. `cluster` and `URL` are assigned by the apiserver on create, never by users; immutable once set. */
export interface WorkspaceSpec {
  type?: WorkspaceTypeReference;
  /** The logical cluster id; set once, immutable afterwards. */
  cluster?: string;
  /** `https://<host>/clusters/<path>`. */
  URL?: string;
}

/** Workspace.status. */
export interface WorkspaceStatus {
  phase?: WorkspacePhase;
  conditions?: WorkspaceCondition[];
}

/** A tenancy.strata.dev/v1alpha1 Workspace, stored in its parent workspace's logical cluster. */
export interface Workspace extends KubeObject {
  spec?: WorkspaceSpec;
  status?: WorkspaceStatus;
}

/** The user recorded in {@link WORKSPACE_OWNER_ANNOTATION}. */
export interface WorkspaceOwner {
  username: string;
  uid?: string;
  groups: string[];
}

/** The Workspace's spec, or an empty one when absent or not an object. */
export function workspaceSpec(obj: KubeObject): WorkspaceSpec {
  const s = obj['spec'];
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as WorkspaceSpec) : {};
}

/** The Workspace's status, or an empty one when absent or not an object. */
export function workspaceStatus(obj: KubeObject): WorkspaceStatus {
  const s = obj['status'];
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as WorkspaceStatus) : {};
}
