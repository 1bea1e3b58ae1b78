import { forbidden, newConflict, newInvalid, notSupported } from '@strata/apimachinery';
import type { FieldError, GroupKind, KubeObject } from '@strata/apimachinery';

/** metav1.DeletionPropagation. */
export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

/** DeleteOptions.preconditions. */
export interface Preconditions {
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/** metav1.DeleteOptions as the registry takes them (already parsed from the body or the query). */
export interface DeleteOptions {
  /** dryRun=All: run everything up to the write, store nothing. */
  readonly dryRun?: boolean;
  readonly preconditions?: Preconditions;
  /** Accepted as kube does; no type of this stage deletes gracefully, so it never delays a deletion. */
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: string;
  /** Deprecated predecessor of propagationPolicy; still honoured like kube. */
  readonly orphanDependents?: boolean;
}

/** The finalizer the garbage collector removes after orphaning the dependents (propagationPolicy=Orphan). */
export const ORPHAN_FINALIZER = 'orphan';
/** The finalizer the garbage collector removes after deleting the dependents (propagationPolicy=Foreground). */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

const POLICIES: readonly string[] = ['Foreground', 'Background', 'Orphan'];
const DELETE_OPTIONS_KIND: GroupKind = { group: 'meta.k8s.io', kind: 'DeleteOptions' };

/** kube's ValidateDeleteOptions: 422 Invalid on DeleteOptions.meta.k8s.io for a bad policy or both policy fields. */
export function validateDeleteOptions(opts: DeleteOptions): void {
  const errs: FieldError[] = [];
  if (opts.orphanDependents !== undefined && opts.propagationPolicy !== undefined) {
    errs.push({
      type: 'FieldValueInvalid',
      field: 'propagationPolicy',
      badValue: opts.propagationPolicy,
      detail: 'orphanDependents and deletionPropagation cannot be both set',
    });
  }
  if (opts.propagationPolicy !== undefined && !POLICIES.includes(opts.propagationPolicy)) {
    errs.push(notSupported('propagationPolicy', opts.propagationPolicy, [...POLICIES, 'nil']));
  }
  if (errs.length > 0) throw newInvalid(DELETE_OPTIONS_KIND, '', errs);
}

/**
 * rest.BeforeDelete's early precondition check: 409 Conflict on the object's Kind with kube's wording
 * ("the UID in the precondition (x) does not match the UID in record (y). ...").
 */
export function checkDeletePreconditions(kind: GroupKind, obj: KubeObject, pre: Preconditions | undefined): void {
  const gr = { group: kind.group, resource: kind.kind };
  const name = obj.metadata.name ?? '';
  if (pre?.uid && pre.uid !== obj.metadata.uid) {
    throw newConflict(
      gr,
      name,
      `the UID in the precondition (${pre.uid}) does not match the UID in record (${obj.metadata.uid ?? ''}). The object might have been deleted and then recreated`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw newConflict(
      gr,
      name,
      `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${obj.metadata.resourceVersion ?? ''}). The object might have been modified`,
    );
  }
}

function orphans(finalizers: readonly string[], opts: DeleteOptions): boolean {
  if (opts.orphanDependents !== undefined) return opts.orphanDependents;
  if (opts.propagationPolicy === 'Orphan') return true;
  if (opts.propagationPolicy === 'Background' || opts.propagationPolicy === 'Foreground') return false;
  for (const f of finalizers) {
    if (f === ORPHAN_FINALIZER) return true;
    if (f === FOREGROUND_FINALIZER) return false;
  }
  return false;
}

function deletesInForeground(finalizers: readonly string[], opts: DeleteOptions): boolean {
  if (opts.orphanDependents !== undefined) return false;
  if (opts.propagationPolicy === 'Foreground') return true;
  if (opts.propagationPolicy === 'Background' || opts.propagationPolicy === 'Orphan') return false;
  for (const f of finalizers) {
    if (f === FOREGROUND_FINALIZER) return true;
    if (f === ORPHAN_FINALIZER) return false;
  }
  return false;
}

/**
 * kube's deletionFinalizersForGarbageCollection (default policy DeleteDependents): the object's finalizers with
 * `orphan` / `foregroundDeletion` set as the options ask. The workspace-controller's garbage collector
 * (libs/controllers reconciler/garbage-collector) orphans or deletes the dependents, then removes the finalizer.
 */
export function finalizersForDeletion(obj: KubeObject, opts: DeleteOptions): { changed: boolean; finalizers: string[] } {
  const old = obj.metadata.finalizers ?? [];
  const next = old.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (orphans(old, opts)) next.push(ORPHAN_FINALIZER);
  if (deletesInForeground(old, opts)) next.push(FOREGROUND_FINALIZER);
  const same = new Set(old).size === new Set(next).size && next.every((f) => old.includes(f));
  return same ? { changed: false, finalizers: [...old] } : { changed: true, finalizers: next };
}

/** kube's markAsDeleting for types without graceful deletion: deletionTimestamp (kept if set), grace period 0. */
export function markAsDeleting(obj: KubeObject, now: string): void {
  if (!obj.metadata.deletionTimestamp && obj.metadata.generation !== undefined && obj.metadata.generation > 0) {
    obj.metadata.generation += 1;
  }
  if (!obj.metadata.deletionTimestamp) obj.metadata.deletionTimestamp = now;
  obj.metadata.deletionGracePeriodSeconds = 0;
}

/**
 * kube's ShouldDeleteDuringUpdate: an update that leaves no finalizers on an object whose deletion was requested
 * (with no grace period pending) completes the deletion.
 */
export function shouldDeleteDuringUpdate(next: KubeObject, old: KubeObject): boolean {
  if ((next.metadata.finalizers ?? []).length > 0) return false;
  if (!old.metadata.deletionTimestamp) return false;
  const grace = old.metadata.deletionGracePeriodSeconds;
  return grace === undefined || grace === 0;
}

/** kube's ValidateNoNewFinalizers: field errors when an update adds finalizers to an object being deleted. */
export function validateNoNewFinalizers(next: KubeObject, old: KubeObject): FieldError[] {
  if (!old.metadata.deletionTimestamp) return [];
  const before = new Set(old.metadata.finalizers ?? []);
  const extra = [...new Set(next.metadata.finalizers ?? [])].filter((f) => !before.has(f)).sort();
  if (extra.length === 0) return [];
  const list = `[]string{${extra.map((f) => JSON.stringify(f)).join(', ')}}`;
  return [forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers ${list}`)];
}
