import type { NamespaceApi } from './namespace-api';

/** Namespaces every workspace starts with (kube-apiserver's bootstrap creates the same ones). */
export const BOOTSTRAP_NAMESPACES: readonly string[] = ['default'];

/** What one pass did. */
export interface RootWorkspaceReconcileResult {
  readonly created: readonly string[];
}

/**
 * Makes sure the root workspace has its bootstrap namespaces: GET each, POST the missing ones. Idempotent and safe to
 * run concurrently with another controller (AlreadyExists counts as done). Rejects with the first API failure, so
 * the caller retries the whole pass.
 */
export async function reconcileRootWorkspace(namespaces: NamespaceApi, signal?: AbortSignal): Promise<RootWorkspaceReconcileResult> {
  const created: string[] = [];
  for (const name of BOOTSTRAP_NAMESPACES) {
    signal?.throwIfAborted();
    if ((await namespaces.get(name, signal)) !== undefined) continue;
    if ((await namespaces.create(name, signal)) === 'created') created.push(name);
  }
  return { created };
}
