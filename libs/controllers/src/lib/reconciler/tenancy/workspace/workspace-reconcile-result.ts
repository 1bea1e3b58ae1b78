/**
 * What a reconcile step asks for: `continue` with the next step; `stop` (this pass is complete, skip the rest);
 * `requeue` (stop here, write what changed, and look again: after `afterMs`, or when the write's watch event comes).
 */
export type ReconcileStep =
  | { readonly status: 'continue' }
  | { readonly status: 'stop' }
  | { readonly status: 'requeue'; readonly afterMs?: number };

export const CONTINUE: ReconcileStep = { status: 'continue' };
export const STOP: ReconcileStep = { status: 'stop' };
