import { newUID, nowRFC3339 } from '@strata/apimachinery';
import { CORE_STRATA_API_VERSION, LOGICAL_CLUSTER_NAME, TENANCY_API_VERSION, workspaceOwner } from './workspace-types';
import type { LogicalCluster, Workspace, WorkspacePhase, WorkspaceRef } from './workspace-types';

/**
 * kube's "reset managedFields" value: a create or update carrying exactly `[{}]` stores the object without
 * managedFields, its own write included (kube's documented way to strip them; the apiserver implements it in
 * recordUpdate). The controller's bootstrap objects are born with it: nobody applies to them, and the entries
 * (about 200 bytes each) were the bulk of their stored size. A later writer's own entries are recorded as usual.
 */
export const NO_MANAGED_FIELDS: Record<string, unknown>[] = [{}];

/** The role the owner is bound to; see {@link workspaceAdminBinding}. */
export const CLUSTER_ADMIN_ROLE_NAME = 'cluster-admin';

/** The name label and finalizer the apiserver's namespace strategy gives every new namespace. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const NAMESPACE_FINALIZER = 'kubernetes';

/** A cluster-scoped object as the controller POSTs it: apiVersion, kind, metadata (a name, the managedFields reset), the rest. */
export interface BootstrapBody {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly managedFields?: readonly Record<string, unknown>[]; readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

/** One object of a {@link WorkspaceDeps.createAll}: its storage key and its value as the apiserver would store it. */
export interface StoredObject {
  readonly key: string;
  readonly object: BootstrapBody;
  /** Set for an object that exists: overwrite it only while its resourceVersion (mod revision) is still this. */
  readonly expectedModRevision?: number;
}

/** The workspace's LogicalCluster `cluster` as POSTed: owned by the Workspace, with its path and URL. */
export function logicalClusterBody(ref: WorkspaceRef, ws: Workspace, path: string, phase: WorkspacePhase): LogicalCluster & BootstrapBody {
  return {
    apiVersion: CORE_STRATA_API_VERSION,
    kind: 'LogicalCluster',
    metadata: { name: LOGICAL_CLUSTER_NAME, managedFields: NO_MANAGED_FIELDS },
    spec: {
      owner: { apiVersion: TENANCY_API_VERSION, resource: 'workspaces', name: ws.metadata.name, cluster: ref.parentCluster, uid: ws.metadata.uid ?? '' },
      initializers: [],
    },
    status: { phase, path, URL: ws.spec?.URL },
  };
}

/** The workspace's `default` namespace as POSTed (the apiserver adds its finalizer, phase and label). */
export const DEFAULT_NAMESPACE: BootstrapBody = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', managedFields: NO_MANAGED_FIELDS } };

/**
 * The binding that makes `username` admin of the workspace (kcp's workspace-admin). Its roleRef names the
 * bootstrap ClusterRole `cluster-admin`, which is NOT copied into every workspace: like kcp, whose bootstrap policy
 * (cluster-admin and the other kube defaults) lives once in the shared `system:admin` logical cluster and whose
 * bootstrap policy authorizer resolves every workspace's bindings against it, Strata's RBAC evaluation (the
 * authorization layer of the security issue; nothing evaluates RBAC yet) must resolve a roleRef to a bootstrap
 * role from that one shared policy, not from the workspace. A copy per workspace cost a request, an etcd write and
 * 674 bytes per workspace, and would have to be migrated in every workspace whenever the policy changes. Both API
 * groups are set, so the apiserver's v1 defaulting leaves the binding as sent.
 */
export function workspaceAdminBinding(username: string): BootstrapBody {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'workspace-admin', managedFields: NO_MANAGED_FIELDS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CLUSTER_ADMIN_ROLE_NAME },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: username }],
  };
}

/**
 * The apiserver's storage key of a cluster-scoped object (libs/registry keys.ts, which the controllers layer may
 * not import): `/registry/<group>/<resource>/<clusterId>/<name>`, the core group (apiVersion `v1`) as `core`.
 */
export function clusterScopedKey(apiVersion: string, resource: string, clusterId: string, name: string): string {
  const slash = apiVersion.indexOf('/');
  return `/registry/${slash < 0 ? 'core' : apiVersion.slice(0, slash)}/${resource}/${clusterId}/${name}`;
}

/**
 * What the apiserver stores for the controller's POST of one of the bodies above into `clusterId` at `resource`:
 * the body with metadata `{name, uid, creationTimestamp}` — GenericStore.create's system fields in its order; no
 * generation and no resourceVersion (never stored); no managedFields (the `[{}]` reset) —, and for the Namespace
 * the namespace strategy's defaulting: its name label, the `kubernetes` finalizer, phase Active. A LogicalCluster
 * (a privileged create keeps its status) and the binding (groups already set) are stored as sent. Keys keep the
 * apiserver's order, so the value is byte for byte what it would have written (the provisioning integration spec
 * compares the two) and LISTs splice it like any other stored object.
 */
export function storedForm(clusterId: string, resource: string, body: BootstrapBody, now: Date, uid: string = newUID()): StoredObject {
  const { name } = body.metadata;
  const object: Record<string, unknown> & { metadata: Record<string, unknown> & { name: string } } = {
    ...structuredClone(body),
    metadata: { name, uid, creationTimestamp: nowRFC3339(now) },
  };
  if (body.kind === 'Namespace' && body.apiVersion === 'v1') {
    object.metadata['labels'] = { [NAMESPACE_NAME_LABEL]: name };
    object['spec'] = { finalizers: [NAMESPACE_FINALIZER] };
    object['status'] = { phase: 'Active' };
  }
  return { key: clusterScopedKey(body.apiVersion, resource, clusterId, name), object: object as BootstrapBody };
}

/**
 * Everything a new workspace starts with, as stored objects for one storage Txn: its LogicalCluster, already
 * Ready (it has no initializers, and the rest of its content is born in the same revision, so nothing can observe
 * it half-initialized), the `default` namespace and, when the Workspace names its creator, the workspace-admin
 * binding.
 */
export function workspaceBootstrap(clusterId: string, ref: WorkspaceRef, ws: Workspace, path: string, now: Date): StoredObject[] {
  const owner = workspaceOwner(ws);
  return [
    storedForm(clusterId, 'logicalclusters', logicalClusterBody(ref, ws, path, 'Ready'), now),
    storedForm(clusterId, 'namespaces', DEFAULT_NAMESPACE, now),
    ...(owner ? [storedForm(clusterId, 'clusterrolebindings', workspaceAdminBinding(owner.username), now)] : []),
  ];
}
