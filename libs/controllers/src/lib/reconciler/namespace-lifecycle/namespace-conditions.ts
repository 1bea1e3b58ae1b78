import type { NamespaceCondition } from './namespace-content-api';

/** What one deletion pass found, for the conditions kube's namespace controller reports. */
export interface DeletionProgress {
  /** Resource plural → objects left after the deletion pass. */
  readonly remaining: ReadonlyMap<string, number>;
  /** Finalizer → how many remaining objects carry it. */
  readonly finalizers: ReadonlyMap<string, number>;
  /** Resource plural → why its deletion failed. */
  readonly failures: ReadonlyMap<string, string>;
}

function condition(type: string, isTrue: boolean, reason: string, message: string): NamespaceCondition {
  return { type, status: isTrue ? 'True' : 'False', reason, message };
}

function sortedEntries<V>(m: ReadonlyMap<string, V>): [string, V][] {
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The status conditions kube's namespace controller sets on a terminating namespace (types, reasons and
 * messages as in k8s.io/kubernetes pkg/controller/namespace/deletion/status_condition_utils.go).
 */
export function deletionConditions(progress: DeletionProgress): NamespaceCondition[] {
  const remaining = sortedEntries(progress.remaining).filter(([, n]) => n > 0);
  const finalizers = sortedEntries(progress.finalizers);
  const failures = sortedEntries(progress.failures);
  return [
    condition('NamespaceDeletionDiscoveryFailure', false, 'ResourcesDiscovered', 'All resources successfully discovered'),
    condition('NamespaceDeletionGroupVersionParsingFailure', false, 'ParsedGroupVersions', 'All legacy kube types successfully parsed'),
    failures.length > 0
      ? condition(
          'NamespaceDeletionContentFailure',
          true,
          'ContentDeletionFailed',
          `Failed to delete all resource types, ${failures.length} remaining: ${failures.map(([r, e]) => `${r}: ${e}`).join(', ')}`,
        )
      : condition('NamespaceDeletionContentFailure', false, 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'),
    remaining.length > 0
      ? condition(
          'NamespaceContentRemaining',
          true,
          'SomeResourcesRemain',
          `Some resources are remaining: ${remaining.map(([r, n]) => `${r} has ${n} resource instances`).join(', ')}`,
        )
      : condition('NamespaceContentRemaining', false, 'ContentRemoved', 'All content successfully removed'),
    finalizers.length > 0
      ? condition(
          'NamespaceFinalizersRemaining',
          true,
          'SomeFinalizersRemain',
          `Some content in the namespace has finalizers remaining: ${finalizers.map(([f, n]) => `${f} in ${n} resource instances`).join(', ')}`,
        )
      : condition('NamespaceFinalizersRemaining', false, 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'),
  ];
}

/**
 * Merges new conditions into the current ones: lastTransitionTime changes only when a condition's status does
 * (kube's UpdateConditions); conditions of other types are kept.
 */
export function mergeConditions(current: readonly NamespaceCondition[], next: readonly NamespaceCondition[], now: string): NamespaceCondition[] {
  const byType = new Map(current.map((c) => [c.type, c]));
  const out = current.filter((c) => !next.some((n) => n.type === c.type));
  for (const n of next) {
    const old = byType.get(n.type);
    out.push({ ...n, lastTransitionTime: old && old.status === n.status && old.lastTransitionTime ? old.lastTransitionTime : now });
  }
  return out;
}
