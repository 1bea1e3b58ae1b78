export type { ClusterResolver } from './lib/cluster-resolver';
export { WorkspaceNameClusterResolver, isValidWorkspaceName } from './lib/cluster-resolver';
export { REGISTRY_ROOT, listPrefix, objectKey } from './lib/keys';
export type { ResourceInfo } from './lib/resource-info';
export { STANDARD_VERBS, apiVersionOf } from './lib/resource-info';
export type { ResourceDefinition, ResourceStrategy, StoredRepresentation } from './lib/strategy';
export type { IncludeObjectPolicy, Table, TableColumnDefinition, TableDefinition, ToTableOptions } from './lib/table';
export { AGE_COLUMN, NAME_COLUMN, toTable } from './lib/table';
export { ageSince, humanDuration } from './lib/human-duration';
export { decodeObject, encodeObject } from './lib/codec';
export type { StorageErrorContext, StorageOperation } from './lib/storage-errors';
export { toStatusError } from './lib/storage-errors';
export type { ListRequest, ValidatedListOptions } from './lib/list-options';
export { COMMON_SELECTABLE_FIELDS, validateListOptions } from './lib/list-options';
export type { ObjectWatchEvent } from './lib/store-watch';
export { INITIAL_EVENTS_END_ANNOTATION } from './lib/store-watch';
export type {
  AfterDeleteHook,
  DeleteOutcome,
  NamespacedCreateTarget,
  GenericStoreOptions,
  NamespaceGate,
  ObjectList,
  Preconditions,
  RequestScope,
  RequestUser,
  WriteOptions,
} from './lib/store';
export { GenericStore } from './lib/store';
export type { DeleteOptions as RegistryDeleteOptions, PropagationPolicy } from './lib/deletion';
export { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from './lib/deletion';
export { deleteCollection } from './lib/delete-collection';
export { NamespaceStore, namespaceSpecFinalizers } from './lib/namespaces/namespace-store';
export { NAMESPACE_TERMINATING_CAUSE, namespaceTerminating } from './lib/namespaces/namespace-gate';
export type { ServedResource } from './lib/resource-registry';
export { ResourceRegistry, createResourceRegistry } from './lib/resource-registry';
export { configMapResource } from './lib/configmaps/configmap-resource';
export { MAX_CONFIGMAP_SIZE, isConfigMapKey } from './lib/configmaps/validation';
export { namespaceResource } from './lib/namespaces/namespace-resource';
export { DEFAULT_NAMESPACE, StorageNamespaceGate } from './lib/namespaces/namespace-gate';
export { KUBERNETES_FINALIZER, NAMESPACE_NAME_LABEL } from './lib/namespaces/strategy';
export type { GroupVersionKind, OpenAPISchema, SchemaTable } from './lib/openapi';
export {
  META_KIND_GROUP_VERSIONS,
  OPENAPI_SCHEMAS,
  SCHEMA_REF_PREFIX,
  resolveSchema,
  schemaByRef,
  schemaClosure,
  schemaFor,
  schemaNameFor,
} from './lib/openapi';
export type { ResourceRegistryOptions } from './lib/resource-registry';
export {
  CLUSTER_ANNOTATION,
  ROOT_CLUSTER,
  WILDCARD_CLUSTER,
  isLogicalClusterId,
  isWorkspacePath,
} from './lib/clusters/cluster-id';
export { PRIVILEGED_GROUP, isPrivilegedUser } from './lib/clusters/privileged-user';
export { LruCache } from './lib/clusters/lru-cache';
export type { LruCacheOptions } from './lib/clusters/lru-cache';
export type { LogicalClusterRecord, WorkspaceLookup, WorkspaceRecord } from './lib/clusters/workspace-lookup';
export { StorageWorkspaceLookup } from './lib/clusters/workspace-lookup';
export type { WorkspaceClusterResolverOptions } from './lib/clusters/workspace-cluster-resolver';
export { WorkspaceClusterResolver, workspaceNotFound, workspaceNotReady } from './lib/clusters/workspace-cluster-resolver';
export {
  annotateCluster,
  checkWorkspaceContinue,
  clusterOfKey,
  fromWildcardContinue,
  toWildcardContinue,
  wildcardForbidden,
  wildcardPrefix,
} from './lib/clusters/wildcard';
export type {
  Workspace,
  WorkspaceCondition,
  WorkspaceConditionType,
  WorkspaceOwner,
  WorkspacePhase,
  WorkspaceSpec,
  WorkspaceStatus,
  WorkspaceTypeReference,
} from './lib/tenancy/workspaces/workspace-types';
export {
  DEFAULT_WORKSPACE_TYPE,
  TENANCY_GROUP,
  TENANCY_VERSION,
  WORKSPACE_CONDITION_TYPES,
  WORKSPACE_FINALIZER,
  WORKSPACE_OWNER_ANNOTATION,
  WORKSPACE_PHASES,
  workspaceSpec,
  workspaceStatus,
} from './lib/tenancy/workspaces/workspace-types';
export { workspaceResource, workspaceStatusResource } from './lib/tenancy/workspaces/workspace-resource';
export type {
  LogicalCluster,
  LogicalClusterOwner,
  LogicalClusterSpec,
  LogicalClusterStatus,
} from './lib/tenancy/logicalclusters/logical-cluster-types';
export {
  CORE_STRATA_GROUP,
  CORE_STRATA_VERSION,
  LOGICAL_CLUSTER_NAME,
  logicalClusterSpec,
  logicalClusterStatus,
} from './lib/tenancy/logicalclusters/logical-cluster-types';
export { logicalClusterResource, logicalClusterStatusResource } from './lib/tenancy/logicalclusters/logical-cluster-resource';
export { secretResource } from './lib/secrets/secret-resource';
export { serviceAccountResource } from './lib/serviceaccounts/serviceaccount-resource';
export { EVENT_TTL_SECONDS, eventResource, eventsV1Resource } from './lib/events/event-resource';
export { coreToEventsV1, eventsV1ToCore } from './lib/events/conversion';
export { leaseResource } from './lib/leases/lease-resource';
export { roleResource } from './lib/roles/role-resource';
export { roleBindingResource } from './lib/rolebindings/rolebinding-resource';
export { clusterRoleResource } from './lib/clusterroles/clusterrole-resource';
export { clusterRoleBindingResource } from './lib/clusterrolebindings/clusterrolebinding-resource';
export { selfSubjectReviewResource } from './lib/selfsubjectreviews/selfsubjectreview-resource';
export { SelfSubjectReviewStore } from './lib/selfsubjectreviews/selfsubjectreview-store';
