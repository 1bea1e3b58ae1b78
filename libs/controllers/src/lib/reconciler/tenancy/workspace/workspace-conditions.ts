import type { Condition, Workspace } from './workspace-types';

/**
 * Sets condition `type` on `ws` (a copy being reconciled). lastTransitionTime moves only when the status flips, so
 * an unchanged condition produces no write.
 */
export function setCondition(ws: Workspace, now: Date, cond: Omit<Condition, 'lastTransitionTime'>): void {
  const status = (ws.status ??= {});
  const conditions = (status.conditions ??= []);
  const i = conditions.findIndex((c) => c.type === cond.type);
  const prev = i >= 0 ? conditions[i] : undefined;
  const lastTransitionTime = prev && prev.status === cond.status && prev.lastTransitionTime ? prev.lastTransitionTime : now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const next: Condition = { type: cond.type, status: cond.status, lastTransitionTime };
  if (cond.reason) next.reason = cond.reason;
  if (cond.message) next.message = cond.message;
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
}

/** True when `ws` has condition `type` with status True. */
export function isConditionTrue(ws: Workspace, type: string): boolean {
  return ws.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}
