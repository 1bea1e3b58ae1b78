import { invalid, isDNS1123Label, notSupported } from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';
import { isWorkspacePath } from '../../clusters/cluster-id';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../object-meta-validation';
import { WORKSPACE_PHASES } from '../workspaces/workspace-types';
import { LOGICAL_CLUSTER_NAME, logicalClusterSpec, logicalClusterStatus } from './logical-cluster-types';

const OWNER_FIELDS = ['apiVersion', 'resource', 'name', 'cluster', 'uid'] as const;

const onlyCluster = (name: string): string[] => (name === LOGICAL_CLUSTER_NAME ? [] : [`must be ${LOGICAL_CLUSTER_NAME}`]);

/** Field errors of a LogicalCluster's status (known phase, path a workspace path, URL a string). */
export function validateLogicalClusterStatus(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const status = logicalClusterStatus(obj);
  if (status.phase !== undefined && !WORKSPACE_PHASES.includes(status.phase)) {
    errs.push(notSupported('status.phase', status.phase, WORKSPACE_PHASES));
  }
  if (status.path !== undefined && (typeof status.path !== 'string' || !isWorkspacePath(status.path))) {
    errs.push(invalid('status.path', status.path, 'must be a workspace path like root or root:org'));
  }
  if (status.URL !== undefined && typeof status.URL !== 'string') errs.push(invalid('status.URL', status.URL, 'must be a string'));
  return errs;
}

/** A LogicalCluster: named `cluster`, cluster-scoped, owner fields strings, initializers a list of strings. */
export function validateLogicalCluster(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, false, onlyCluster, isDNS1123Label);
  const spec = logicalClusterSpec(obj);
  if (spec.owner !== undefined) {
    if (!spec.owner || typeof spec.owner !== 'object') errs.push(invalid('spec.owner', spec.owner, 'must be an object'));
    else {
      for (const f of OWNER_FIELDS) {
        const v = spec.owner[f];
        if (v !== undefined && typeof v !== 'string') errs.push(invalid(`spec.owner.${f}`, v, 'must be a string'));
      }
    }
  }
  if (spec.initializers !== undefined) {
    if (!Array.isArray(spec.initializers)) errs.push(invalid('spec.initializers', spec.initializers, 'must be a list'));
    else {
      spec.initializers.forEach((v, i) => {
        if (typeof v !== 'string' || v === '') errs.push(invalid(`spec.initializers[${i}]`, v, 'must be a non-empty string'));
      });
    }
  }
  return [...errs, ...validateLogicalClusterStatus(obj)];
}

/** An update of a LogicalCluster: metadata immutability plus the create rules. */
export function validateLogicalClusterUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateLogicalCluster(obj)];
}

/** A status update: metadata immutability and a valid status. */
export function validateLogicalClusterStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateLogicalClusterStatus(obj)];
}
