import { META, kind, listKind, mergeList, ref, str, stringList, strEnum, struct } from '../openapi/schema-builders';
import type { SchemaTable } from '../openapi/schema-types';
import { WORKSPACE_PHASES } from './workspaces/workspace-types';

const TENANCY = (name: string): string => `dev.strata.tenancy.v1alpha1.${name}`;
const CORE = (name: string): string => `dev.strata.core.v1alpha1.${name}`;
const tenancyGvk = (k: string) => ({ group: 'tenancy.strata.dev', version: 'v1alpha1', kind: k });
const coreGvk = (k: string) => ({ group: 'core.strata.dev', version: 'v1alpha1', kind: k });

/**
 * OpenAPI v3 schemas of the tenancy kinds (Workspace, LogicalCluster and their lists), so `kubectl create -f`
 * validates them and `kubectl explain ws` works. Field docs follow kcp's.
 */
export const TENANCY_SCHEMAS: SchemaTable = {
  [TENANCY('Workspace')]: kind(tenancyGvk('Workspace'), 'Workspace defines a generic Kubernetes-cluster-like endpoint, with standard Kubernetes discovery APIs, OpenAPI and resource API endpoints.', {
    spec: ref(TENANCY('WorkspaceSpec'), 'spec holds the desired state.', { default: {} }),
    status: ref(TENANCY('WorkspaceStatus'), 'status holds information about the current status.', { default: {} }),
  }),
  [TENANCY('WorkspaceList')]: listKind(tenancyGvk('WorkspaceList'), TENANCY('Workspace'), 'WorkspaceList is a list of Workspaces.', 'items is a list of Workspaces.'),
  [TENANCY('WorkspaceSpec')]: struct('WorkspaceSpec holds the desired state of the Workspace.', {
    type: ref(TENANCY('WorkspaceTypeReference'), 'type defines properties of the workspace both on creation (e.g. initial resources and initially installed APIs) and during runtime (e.g. permissions). If no type is provided, the default type for the workspace in which this workspace is nesting will be used. The type is immutable after creation.'),
    cluster: str('cluster is the name of the logical cluster this workspace is stored under. It is set by the system and immutable.'),
    URL: str('URL is the address under which the Kubernetes-cluster-like endpoint can be found. This URL can be used to access the workspace with standard Kubernetes client libraries and command line tools. Set by the system.'),
  }),
  [TENANCY('WorkspaceTypeReference')]: struct('WorkspaceTypeReference is a reference to a workspace type.', {
    name: str('name is the name of the WorkspaceType.', { default: '' }),
    path: str('path is an absolute reference to the workspace that owns this type, e.g. root:org.'),
  }, { required: ['name'] }),
  [TENANCY('WorkspaceStatus')]: struct('WorkspaceStatus communicates the observed state of the Workspace.', {
    phase: strEnum('Phase of the workspace (Scheduling, Initializing, Ready, Terminating).', WORKSPACE_PHASES),
    conditions: mergeList(TENANCY('WorkspaceCondition'), 'type', 'Current processing state of the Workspace.'),
  }),
  [TENANCY('WorkspaceCondition')]: struct('Condition defines an observation of the Workspace.', {
    type: str('type of condition: WorkspaceScheduled, WorkspaceInitialized, WorkspaceContentDeleted, Ready.', { default: '' }),
    status: str('status of the condition, one of True, False, Unknown.', { default: '' }),
    reason: str('The reason for the condition\'s last transition in CamelCase.'),
    message: str('A human readable message indicating details about the transition.'),
    lastTransitionTime: ref(META('Time'), 'Last time the condition transitioned from one status to another.'),
  }, { required: ['type', 'status'] }),

  [CORE('LogicalCluster')]: kind(coreGvk('LogicalCluster'), 'LogicalCluster describes the workspace it is stored in: its owner, path, phase and initializers. There is exactly one, named cluster.', {
    spec: ref(CORE('LogicalClusterSpec'), 'spec holds the desired state.', { default: {} }),
    status: ref(CORE('LogicalClusterStatus'), 'status holds information about the current status.', { default: {} }),
  }),
  [CORE('LogicalClusterList')]: listKind(coreGvk('LogicalClusterList'), CORE('LogicalCluster'), 'LogicalClusterList is a list of LogicalClusters.', 'items is a list of LogicalClusters.'),
  [CORE('LogicalClusterSpec')]: struct('LogicalClusterSpec is the specification of the LogicalCluster resource.', {
    owner: ref(CORE('LogicalClusterOwner'), 'owner is the Workspace this logical cluster belongs to, in its parent.'),
    initializers: stringList('initializers are set on creation by the system and must be cleared by a controller before the workspace can be used.', 'set'),
  }),
  [CORE('LogicalClusterOwner')]: struct('LogicalClusterOwner is a reference to the owning Workspace.', {
    apiVersion: str('apiVersion is the group and API version of the owner.', { default: '' }),
    resource: str('resource is the API resource of the owner (workspaces).', { default: '' }),
    name: str('name is the name of the owner.', { default: '' }),
    cluster: str('cluster is the logical cluster id the owner is stored in.', { default: '' }),
    uid: str('uid is the UID of the owner.', { default: '' }),
  }),
  [CORE('LogicalClusterStatus')]: struct('LogicalClusterStatus communicates the observed state of the logical cluster.', {
    phase: strEnum('Phase of the logical cluster.', WORKSPACE_PHASES),
    path: str('path is the workspace path of this logical cluster, e.g. root:org.'),
    URL: str('URL is the address under which the workspace can be accessed.'),
  }),
};
