export { loadKubeconfig, KubeconfigError } from './lib/client/kubeconfig';
export type { ApiServerConnection } from './lib/client/kubeconfig';
export { ApiServerClient, toApiError } from './lib/client/api-server-client';
export type { ApiRequest, ApiResponse } from './lib/client/api-server-client';
export { ApiError, isApiError } from './lib/client/api-error';
export { Backoff } from './lib/reconciler/backoff';
export type { BackoffOptions } from './lib/reconciler/backoff';
export { PeriodicReconciler, sleep } from './lib/reconciler/periodic-reconciler';
export type { PeriodicReconcilerOptions, Sleep } from './lib/reconciler/periodic-reconciler';
export { createNamespaceApi } from './lib/reconciler/root-workspace/namespace-api';
export type { NamespaceApi } from './lib/reconciler/root-workspace/namespace-api';
export { reconcileRootWorkspace, BOOTSTRAP_NAMESPACES } from './lib/reconciler/root-workspace/root-workspace-reconcile';
export type { RootWorkspaceReconcileResult } from './lib/reconciler/root-workspace/root-workspace-reconcile';
export { NamespaceLifecycleController } from './lib/reconciler/namespace-lifecycle/namespace-lifecycle-controller';
export type { NamespaceLifecycleControllerOptions } from './lib/reconciler/namespace-lifecycle/namespace-lifecycle-controller';
export { createNamespaceContentApi } from './lib/reconciler/namespace-lifecycle/namespace-content-api';
export type {
  NamespaceCondition,
  NamespaceContentApi,
  NamespaceObject,
  NamespacedResource,
  RemainingContent,
} from './lib/reconciler/namespace-lifecycle/namespace-content-api';
export { NAMESPACE_CONTENT_FINALIZER, reconcileNamespaceDeletion } from './lib/reconciler/namespace-lifecycle/namespace-deletion-reconcile';
export type { NamespaceDeletionResult } from './lib/reconciler/namespace-lifecycle/namespace-deletion-reconcile';
export { GARBAGE_COLLECTOR_QUEUE, GarbageCollectorController } from './lib/reconciler/garbage-collector/garbage-collector-controller';
export type { GarbageCollectorControllerOptions, GcListWatcher } from './lib/reconciler/garbage-collector/garbage-collector-controller';
export { createGarbageCollectorApi } from './lib/reconciler/garbage-collector/garbage-collector-api';
export type { GarbageCollectorApi, GcObject, GcResource, OwnerReference } from './lib/reconciler/garbage-collector/garbage-collector-api';
export { attemptToDeleteDependent, processDeletingOwner } from './lib/reconciler/garbage-collector/garbage-collection-reconcile';
export type { DependentOutcome, OwnerOutcome } from './lib/reconciler/garbage-collector/garbage-collection-reconcile';
export { GcGraph } from './lib/reconciler/garbage-collector/gc-graph';
export { WorkQueue } from './lib/workqueue/work-queue';
export type { WorkQueueOptions } from './lib/workqueue/work-queue';
export { ItemExponentialFailureRateLimiter } from './lib/workqueue/rate-limiter';
export type { RateLimiter, ItemExponentialOptions } from './lib/workqueue/rate-limiter';
export { workQueueMetrics } from './lib/workqueue/workqueue-metrics';
export type { WorkQueueMetrics } from './lib/workqueue/workqueue-metrics';
export { realClock } from './lib/workqueue/clock';
export type { Clock, TimerHandle } from './lib/workqueue/clock';
export { Informer } from './lib/informer/informer';
export type { InformerHandlers, InformerOptions } from './lib/informer/informer';
export { createApiListWatcher } from './lib/informer/list-watcher';
export type { KubeObjectLike, ListResultOf, ListWatcher } from './lib/informer/list-watcher';
export { openWatchStream } from './lib/informer/watch-stream';
export type { RawWatchEvent } from './lib/informer/watch-stream';
export { LeaderElector } from './lib/leader-election/leader-elector';
export type { LeaderElectorOptions } from './lib/leader-election/leader-elector';
export { createApiLeaseLock } from './lib/leader-election/lease-lock';
export type { ApiLeaseLockOptions, LeaseLock, LeaseRecord, ObservedLease } from './lib/leader-election/lease-lock';
export { WorkspaceController, WORKSPACE_CONTROLLER_NAME } from './lib/reconciler/tenancy/workspace/workspace-controller';
export type { WorkspaceControllerOptions } from './lib/reconciler/tenancy/workspace/workspace-controller';
export { startLeaderElectedWorkspaceController } from './lib/reconciler/tenancy/workspace/workspace-controller-runner';
export type {
  RunningWorkspaceController,
  WorkspaceControllerRunnerOptions,
} from './lib/reconciler/tenancy/workspace/workspace-controller-runner';
export { reconcileWorkspace } from './lib/reconciler/tenancy/workspace/workspace-reconcile';
export type { WorkspaceReconcileOutcome } from './lib/reconciler/tenancy/workspace/workspace-reconcile';
export { createWorkspaceApiDeps } from './lib/reconciler/tenancy/workspace/workspace-api-deps';
export type { WorkspaceDeps } from './lib/reconciler/tenancy/workspace/workspace-deps';
export { randomClusterId, clusterIdTombstoneKey, CLUSTER_ID_TOMBSTONE_PREFIX } from '@strata/apimachinery';
export type { Workspace, LogicalCluster, WorkspaceRef } from './lib/reconciler/tenancy/workspace/workspace-types';
