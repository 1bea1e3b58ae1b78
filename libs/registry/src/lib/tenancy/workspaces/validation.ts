import { invalid, isDNS1123Label, notSupported, required } from '@strata/apimachinery';
import type { FieldError, KubeObject } from '@strata/apimachinery';
import { isLogicalClusterId, isWorkspacePath } from '../../clusters/cluster-id';
import { nameValidator, validateObjectMeta, validateObjectMetaUpdate } from '../../object-meta-validation';
import { jsonEqual } from '../../stable-json';
import { WORKSPACE_PHASES, workspaceSpec, workspaceStatus } from './workspace-types';

const CONDITION_STATUSES: readonly string[] = ['True', 'False', 'Unknown'];
const IMMUTABLE = 'field is immutable';

function validateSpec(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = workspaceSpec(obj);
  const type = spec.type;
  if (!type || typeof type !== 'object') {
    errs.push(required('spec.type', ''));
  } else {
    if (!type.name) errs.push(required('spec.type.name', ''));
    else for (const msg of isDNS1123Label(type.name)) errs.push(invalid('spec.type.name', type.name, msg));
    if (!type.path) errs.push(required('spec.type.path', ''));
    else if (!isWorkspacePath(type.path)) {
      errs.push(invalid('spec.type.path', type.path, 'must be a workspace path like root or root:org'));
    }
  }
  if (spec.cluster !== undefined && (typeof spec.cluster !== 'string' || !isLogicalClusterId(spec.cluster))) {
    errs.push(invalid('spec.cluster', spec.cluster, 'must be a logical cluster id: 1-32 characters of [a-z0-9-], not "root"'));
  }
  if (spec.URL !== undefined && typeof spec.URL !== 'string') errs.push(invalid('spec.URL', spec.URL, 'must be a string'));
  return errs;
}

/** Field errors of a Workspace's status (phase one of the known phases, conditions well formed). */
export function validateWorkspaceStatus(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const status = workspaceStatus(obj);
  if (status.phase !== undefined && !WORKSPACE_PHASES.includes(status.phase)) {
    errs.push(notSupported('status.phase', status.phase, WORKSPACE_PHASES));
  }
  if (status.conditions !== undefined && !Array.isArray(status.conditions)) {
    errs.push(invalid('status.conditions', status.conditions, 'must be a list'));
    return errs;
  }
  (status.conditions ?? []).forEach((c, i) => {
    const path = `status.conditions[${i}]`;
    if (!c || typeof c !== 'object') {
      errs.push(invalid(path, c, 'must be an object'));
      return;
    }
    if (!c.type) errs.push(required(`${path}.type`, ''));
    if (!CONDITION_STATUSES.includes(c.status)) errs.push(notSupported(`${path}.status`, c.status, CONDITION_STATUSES));
  });
  return errs;
}

/** A new Workspace: cluster-scoped, name a DNS-1123 label, spec.type set (the strategy defaults it), status valid. */
export function validateWorkspace(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj, false, nameValidator(isDNS1123Label), isDNS1123Label),
    ...validateSpec(obj),
    ...validateWorkspaceStatus(obj),
  ];
}

/** An update: metadata immutability, spec.type immutable, spec.cluster and spec.URL immutable once set. */
export function validateWorkspaceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj, old), ...validateWorkspace(obj)];
  const spec = workspaceSpec(obj);
  const oldSpec = workspaceSpec(old);
  if (!jsonEqual(spec.type, oldSpec.type)) errs.push(invalid('spec.type', spec.type, IMMUTABLE));
  if (oldSpec.cluster !== undefined && spec.cluster !== oldSpec.cluster) {
    errs.push(invalid('spec.cluster', spec.cluster ?? '', IMMUTABLE));
  }
  if (oldSpec.URL !== undefined && spec.URL !== oldSpec.URL) errs.push(invalid('spec.URL', spec.URL ?? '', IMMUTABLE));
  return errs;
}

/** A status update: metadata immutability and a valid status (spec and metadata are carried over by the strategy). */
export function validateWorkspaceStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateWorkspaceStatus(obj)];
}
