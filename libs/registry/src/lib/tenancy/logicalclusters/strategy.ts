import type { KubeObject } from '@strata/apimachinery';
import type { ResourceStrategy } from '../../strategy';
import { keepAllButStatus } from '../status-update';
import { validateLogicalCluster, validateLogicalClusterStatusUpdate, validateLogicalClusterUpdate } from './validation';

/**
 * The LogicalCluster strategy. Only the workspace-controller writes LogicalClusters (the store enforces that), so
 * a create keeps the status it is given: provisioning writes the object whole, in one request. Updates of the main
 * resource carry status over; the status subresource changes it.
 */
export const logicalClusterStrategy: ResourceStrategy = {
  prepareForCreate(): void {
    // A privileged writer's object is stored as given (system fields are the generic store's).
  },
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    if (old['status'] === undefined) delete obj['status'];
    else obj['status'] = structuredClone(old['status']);
  },
  validate: validateLogicalCluster,
  validateUpdate: validateLogicalClusterUpdate,
};

/** The `logicalclusters/status` strategy: an update changes status and nothing else. */
export const logicalClusterStatusStrategy: ResourceStrategy = {
  prepareForCreate(): void {
    throw new Error('logicalclusters/status does not create objects');
  },
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    keepAllButStatus(obj, old);
  },
  validate: validateLogicalCluster,
  validateUpdate: validateLogicalClusterStatusUpdate,
};
