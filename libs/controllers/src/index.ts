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
