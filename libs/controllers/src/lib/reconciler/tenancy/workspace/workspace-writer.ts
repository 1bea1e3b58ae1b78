import type { ApiServerClient } from '../../../client/api-server-client';
import { toApiError } from '../../../client/api-server-client';
import { CLUSTER_ANNOTATION, WORKSPACE_FINALIZER } from './workspace-types';
import type { Workspace, WorkspaceRef } from './workspace-types';

/** Writes a reconciled Workspace; see {@link createWorkspaceWriter}. */
export type WorkspaceWriter = (
  ref: WorkspaceRef,
  original: Workspace,
  updated: Workspace,
  signal: AbortSignal,
) => Promise<{ wrote: boolean; resourceVersion?: string; metadata?: Workspace['metadata'] }>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The Workspace as the controller sends it: without the annotation only wildcard lists and watches add. */
function forWrite(ws: Workspace): Workspace {
  const copy = structuredClone(ws);
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  // The wildcard list adds this for us; it is not part of the object.
  delete annotations[CLUSTER_ANNOTATION];
  if (Object.keys(annotations).length > 0) copy.metadata.annotations = annotations;
  else delete copy.metadata.annotations;
  return copy;
}

/**
 * The value the apiserver stores for `ws` as read through the wildcard informer: without the cluster annotation
 * and without resourceVersion (never stored: it is the key's mod revision). Its managedFields are whatever the
 * read copy holds (the informer keeps them until the Workspace is Ready, so they survive a direct status write).
 */
export function workspaceStoredForm(ws: Workspace): Workspace {
  const copy = forWrite(ws);
  delete copy.metadata.resourceVersion;
  return copy;
}

/**
 * The controller's one writer: PUT the object when metadata or spec changed, then PUT /status when status changed,
 * each with the resourceVersion it read (a concurrent change answers 409 and the pass is retried). Spec goes first
 * so an id is stored before the phase that depends on it. When the finalizer was dropped the object may be gone
 * after the first write, so no status write follows. Resolves with the metadata the apiserver answered the last
 * write with (managedFields included). Rejects with an ApiError.
 */
export function createWorkspaceWriter(apiServer: ApiServerClient): WorkspaceWriter {
  return async (ref, original, updated, signal) => {
    const path = `/clusters/${ref.parentCluster}/apis/tenancy.strata.dev/v1alpha1/workspaces/${encodeURIComponent(ref.name)}`;
    const { status: _s1, ...origRest } = original;
    const { status: _s2, ...updRest } = updated;
    let current = updated;
    let wrote = false;
    let metadata: Workspace['metadata'] | undefined;
    if (!same(origRest, updRest)) {
      const res = await apiServer.request({ method: 'PUT', path, body: { ...forWrite(updated), status: original.status }, signal });
      const finalized = updated.metadata.deletionTimestamp && !(updated.metadata.finalizers ?? []).includes(WORKSPACE_FINALIZER);
      if (finalized && res.status === 404) return { wrote: true };
      if (res.status !== 200) throw toApiError(res);
      wrote = true;
      metadata = (res.body as Workspace).metadata;
      current = { ...updated, metadata: { ...updated.metadata, resourceVersion: metadata.resourceVersion } };
      if (finalized && ((res.body as Workspace).metadata.finalizers ?? []).length === 0) return { wrote };
    }
    if (!same(original.status, updated.status)) {
      const res = await apiServer.request({ method: 'PUT', path: `${path}/status`, body: forWrite(current), signal });
      if (res.status !== 200) throw toApiError(res);
      wrote = true;
      metadata = (res.body as Workspace).metadata;
      current = { ...current, metadata: { ...current.metadata, resourceVersion: metadata.resourceVersion } };
    }
    return { wrote, resourceVersion: current.metadata.resourceVersion, metadata };
  };
}
