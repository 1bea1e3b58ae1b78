/**
 * What a reconcile step asks for: `continue` with the next step; `stop` (this pass is complete, skip the rest);
 * `requeue` (stop here, write what changed, and look again: after `afterMs`, or when the write's watch event comes);
 * `persist` (write the metadata and spec edited so far now, then continue: what later steps create depends on
 * them being stored first; without a writer for the pass it is a requeue); `stored` (the step itself stored the
 * whole Workspace as edited so far, at `resourceVersion`, in the Txn that wrote what it made: continue, and write
 * only what later steps change); `gone` (the step deleted the Workspace itself: nothing is left to write).
 */
export type ReconcileStep =
  | { readonly status: 'continue' }
  | { readonly status: 'stop' }
  | { readonly status: 'requeue'; readonly afterMs?: number }
  | { readonly status: 'persist' }
  | { readonly status: 'stored'; readonly resourceVersion: string }
  | { readonly status: 'gone' };

export const CONTINUE: ReconcileStep = { status: 'continue' };
export const STOP: ReconcileStep = { status: 'stop' };
export const PERSIST: ReconcileStep = { status: 'persist' };
export const GONE: ReconcileStep = { status: 'gone' };
