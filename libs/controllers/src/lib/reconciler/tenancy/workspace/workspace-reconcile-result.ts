/**
 * What a reconcile step asks for: `continue` with the next step; `stop` (this pass is complete, skip the rest);
 * `requeue` (stop here, write what changed, and look again: after `afterMs`, or when the write's watch event comes);
 * `persist` (write the metadata and spec edited so far now, then continue: what later steps create depends on
 * them being stored first; without a writer for the pass it is a requeue).
 */
export type ReconcileStep =
  | { readonly status: 'continue' }
  | { readonly status: 'stop' }
  | { readonly status: 'requeue'; readonly afterMs?: number }
  | { readonly status: 'persist' };

export const CONTINUE: ReconcileStep = { status: 'continue' };
export const STOP: ReconcileStep = { status: 'stop' };
export const PERSIST: ReconcileStep = { status: 'persist' };
