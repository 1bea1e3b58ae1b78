import type { KubeObject } from '@strata/apimachinery';
import type { WorkspacePhase } from '../workspaces/workspace-types';

/** The API group of LogicalCluster (kcp's core.kcp.io). */
export const CORE_STRATA_GROUP = 'core.strata.dev';
/** The version LogicalCluster is served at. */
export const CORE_STRATA_VERSION = 'v1alpha1';
/** The one name a LogicalCluster may have: each logical cluster holds exactly one, describing itself. */
export const LOGICAL_CLUSTER_NAME = 'cluster';

/** spec.owner: the Workspace this logical cluster belongs to, in its parent cluster. */
export interface LogicalClusterOwner {
  apiVersion: string;
  resource: string;
  name: string;
  /** The parent's logical cluster id. */
  cluster: string;
  uid: string;
}

/** LogicalCluster.spec. */
export interface LogicalClusterSpec {
  owner?: LogicalClusterOwner;
  initializers?: string[];
}

/** LogicalCluster.status. */
export interface LogicalClusterStatus {
  phase?: WorkspacePhase;
  /** The workspace path, e.g. `root:acme`. */
  path?: string;
  URL?: string;
}

/** A core.strata.dev/v1alpha1 LogicalCluster, stored at `/registry/core.strata.dev/logicalclusters/<id>/cluster`. */
export interface LogicalCluster extends KubeObject {
  spec?: LogicalClusterSpec;
  status?: LogicalClusterStatus;
}

function objectField<T>(obj: KubeObject, field: 'spec' | 'status'): T {
  const v = obj[field];
  return (v && typeof v === 'object' && !Array.isArray(v) ? v : {}) as T;
}

/** The LogicalCluster's spec, or an empty one. */
export function logicalClusterSpec(obj: KubeObject): LogicalClusterSpec {
  return objectField<LogicalClusterSpec>(obj, 'spec');
}

/** The LogicalCluster's status, or an empty one. */
export function logicalClusterStatus(obj: KubeObject): LogicalClusterStatus {
  return objectField<LogicalClusterStatus>(obj, 'status');
}
