import type { KubeObject } from '@strata/apimachinery';
import type { ResourceStrategy } from '../../strategy';
import { keepAllButStatus } from '../status-update';
import { validateWorkspace, validateWorkspaceStatusUpdate, validateWorkspaceUpdate } from './validation';
import {
  DEFAULT_WORKSPACE_TYPE,
  WORKSPACE_FINALIZER,
  WORKSPACE_OWNER_ANNOTATION,
  workspaceSpec,
} from './workspace-types';
import type { WorkspaceSpec } from './workspace-types';

// spec.type absent → universal in root; a type without a path lives in root (kcp's defaulting).
function defaultedSpec(obj: KubeObject): WorkspaceSpec {
  const spec: WorkspaceSpec = { ...workspaceSpec(obj) };
  if (!spec.type) spec.type = { ...DEFAULT_WORKSPACE_TYPE };
  else if (typeof spec.type === 'object' && !spec.type.path) spec.type = { ...spec.type, path: DEFAULT_WORKSPACE_TYPE.path };
  return spec;
}

function carryOwner(obj: KubeObject, old: KubeObject): void {
  const owner = old.metadata?.annotations?.[WORKSPACE_OWNER_ANNOTATION];
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  if (owner === undefined) delete annotations[WORKSPACE_OWNER_ANNOTATION];
  else annotations[WORKSPACE_OWNER_ANNOTATION] = owner;
  if (Object.keys(annotations).length === 0) delete obj.metadata.annotations;
  else obj.metadata.annotations = annotations;
}

/**
 * The Workspace strategy. Create: spec.type defaults to universal/root, spec.cluster and spec.URL are cleared
 * (never the client's: the WorkspaceStore assigns both as it writes), status is `{phase: Scheduling}`, and the
 * `tenancy.strata.dev/workspace` finalizer is added. The owner annotation is the store's (it knows the user);
 * updates carry it over unchanged, as they do status (the status subresource writes status).
 */
export const workspaceStrategy: ResourceStrategy = {
  prepareForCreate(obj: KubeObject): void {
    const spec = defaultedSpec(obj);
    delete spec.cluster;
    delete spec.URL;
    obj['spec'] = spec;
    obj['status'] = { phase: 'Scheduling' };
    const finalizers = Array.isArray(obj.metadata.finalizers) ? [...obj.metadata.finalizers] : [];
    if (!finalizers.includes(WORKSPACE_FINALIZER)) finalizers.push(WORKSPACE_FINALIZER);
    obj.metadata.finalizers = finalizers;
  },
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    obj['spec'] = defaultedSpec(obj);
    if (old['status'] === undefined) delete obj['status'];
    else obj['status'] = structuredClone(old['status']);
    carryOwner(obj, old);
  },
  validate: validateWorkspace,
  validateUpdate: validateWorkspaceUpdate,
};

/** The `workspaces/status` strategy: an update changes status and nothing else. Never used for creates. */
export const workspaceStatusStrategy: ResourceStrategy = {
  prepareForCreate(): void {
    throw new Error('workspaces/status does not create objects');
  },
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    keepAllButStatus(obj, old);
  },
  validate: validateWorkspace,
  validateUpdate: validateWorkspaceStatusUpdate,
};
