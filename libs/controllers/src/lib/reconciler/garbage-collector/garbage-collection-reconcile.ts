import type { GarbageCollectorApi, GcObject, GcResource, OwnerReference } from './garbage-collector-api';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, groupOfApiVersion } from './gc-graph';
import type { DeletingOwnerNode, DependentNode, GcNode } from './gc-graph';

export { FOREGROUND_FINALIZER, ORPHAN_FINALIZER };

/** The served resource of an owner reference's group and kind, if discovery knows it. */
export type ResourceOfKind = (group: string, kind: string) => GcResource | undefined;

/** What checking a dependent did. */
export type DependentOutcome =
  /** Every owner is gone: it was deleted (Background). */
  | 'deleted'
  /** Some owners are gone: their references were dropped. */
  | 'updated'
  /** Its owners are there (or it is being deleted, or it changed meanwhile and will come back by its event). */
  | 'kept'
  /** An owner's kind is not served (yet): try later, as kube does. */
  | 'unresolvable'
  /** The update lost a race: try again. */
  | 'conflict';

/** kube's owner classes: there, gone, or there but deleted in the foreground (waiting for its dependents). */
type OwnerState = 'solid' | 'dangling' | 'waiting' | 'unknown';

/** kube's owner lookup, live: gone when the GET answers 404 or an object of another uid. */
async function ownerState(api: GarbageCollectorApi, dependent: GcNode, ref: OwnerReference, resourceOf: ResourceOfKind, signal?: AbortSignal): Promise<OwnerState> {
  const resource = resourceOf(groupOfApiVersion(ref.apiVersion), ref.kind);
  if (!resource) return 'unknown';
  // A cluster-scoped dependent cannot have a namespaced owner: kube treats such a reference as absent.
  if (resource.namespaced && !dependent.namespace) return 'dangling';
  const owner = await api.get(resource, resource.namespaced ? dependent.namespace : undefined, ref.name, signal);
  if (!owner || owner.metadata.uid !== ref.uid) return 'dangling';
  return owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER) ? 'waiting' : 'solid';
}

/** The dependent as stored now, if it is still the object the graph saw. */
async function fresh(api: GarbageCollectorApi, node: GcNode, signal?: AbortSignal): Promise<GcObject | undefined> {
  const obj = await api.get(node.resource, node.namespace, node.name, signal);
  return obj && obj.metadata.uid === node.uid ? obj : undefined;
}

/** PUT of the object without the references whose uid is in `drop`; false when it changed or went meanwhile. */
async function dropReferences(api: GarbageCollectorApi, resource: GcResource, obj: GcObject, drop: ReadonlySet<string>, signal?: AbortSignal): Promise<boolean> {
  const ownerReferences = (obj.metadata.ownerReferences ?? []).filter((r) => !drop.has(r.uid));
  return (await api.update(resource, { ...obj, metadata: { ...obj.metadata, ownerReferences } }, signal)) !== undefined;
}

/**
 * kube's attemptToDeleteItem for a dependent the graph flagged. The dependent is read again (the graph's copy may
 * be stale) and each of its current owners looked up live in its workspace (`api`). With an owner still there,
 * the references to gone owners and to owners deleted in the foreground are dropped; with none, it is deleted,
 * conditional on the uid and resourceVersion it was decided on (Foreground when an owner waits for it and it has
 * dependents of its own, `hasDependents`). A dependent being deleted is left to its finalizers; an owner kind that
 * discovery does not know leaves it alone for now.
 */
export async function attemptToDeleteDependent(
  api: GarbageCollectorApi,
  node: DependentNode,
  resourceOf: ResourceOfKind,
  signal?: AbortSignal,
  hasDependents = false,
): Promise<DependentOutcome> {
  if (node.deleting || node.ownerReferences.length === 0) return 'kept';
  const current = await fresh(api, node, signal);
  const refs = current?.metadata.ownerReferences ?? [];
  if (!current || current.metadata.deletionTimestamp || refs.length === 0) return 'kept';
  const dangling = new Set<string>();
  const waiting = new Set<string>();
  let solid = 0;
  for (const ref of refs) {
    const state = await ownerState(api, node, ref, resourceOf, signal);
    if (state === 'unknown') return 'unresolvable';
    if (state === 'dangling') dangling.add(ref.uid);
    else if (state === 'waiting') waiting.add(ref.uid);
    else solid += 1;
  }
  if (dangling.size + waiting.size === 0) return 'kept';
  if (solid > 0) {
    const drop = new Set([...dangling, ...waiting]);
    return (await dropReferences(api, node.resource, current, drop, signal)) ? 'updated' : 'conflict';
  }
  const policy = waiting.size > 0 && hasDependents ? 'Foreground' : 'Background';
  const victim = { metadata: { name: node.name, namespace: node.namespace, uid: node.uid, resourceVersion: current.metadata.resourceVersion } };
  return (await api.delete(node.resource, victim, signal, policy)) ? 'deleted' : 'conflict';
}

/** What processing a deleting owner did. */
export type OwnerOutcome =
  /** The collector's finalizers are off it. */
  | 'finalized'
  /** Foreground: dependents remain (being deleted); their deletion events wake it again. */
  | 'waiting'
  /** A write lost a race: try again. */
  | 'conflict'
  /** It is no longer the object the graph saw (gone, replaced, or without our finalizers). */
  | 'gone';

/**
 * kube's processing of an owner deleted with `orphan` (drop its reference from every dependent, then the finalizer)
 * or `foregroundDeletion` (every dependent is checked as {@link attemptToDeleteDependent} does, which deletes it or,
 * when it has another owner, drops the reference; the finalizer goes once no dependent that blocks its owner's
 * deletion — `blockOwnerDeletion: true`, as kube — is left; the apiserver then removes the owner). `dependents` are
 * the graph's, by the scope rule; each is re-read before it is changed.
 */
export async function processDeletingOwner(
  api: GarbageCollectorApi,
  owner: DeletingOwnerNode,
  dependents: readonly DependentNode[],
  resourceOf: ResourceOfKind,
  signal?: AbortSignal,
  hasDependents: (dependent: DependentNode) => boolean = () => false,
): Promise<OwnerOutcome> {
  const drop = new Set<string>();
  if (owner.orphan) {
    for (const dep of dependents) {
      const current = await fresh(api, dep, signal);
      if (!current || !(current.metadata.ownerReferences ?? []).some((r) => r.uid === owner.uid)) continue;
      if (!(await dropReferences(api, dep.resource, current, new Set([owner.uid]), signal))) return 'conflict';
    }
    drop.add(ORPHAN_FINALIZER);
  } else if (owner.foreground) {
    for (const dep of dependents) {
      if (dep.deleting) continue;
      const outcome = await attemptToDeleteDependent(api, dep, resourceOf, signal, hasDependents(dep));
      if (outcome === 'conflict') return 'conflict';
    }
    const blocking = dependents.filter((d) => d.ownerReferences.some((r) => r.uid === owner.uid && r.blockOwnerDeletion === true));
    if (blocking.length > 0) return 'waiting';
    drop.add(FOREGROUND_FINALIZER);
  }
  const current = await fresh(api, owner, signal);
  if (!current?.metadata.deletionTimestamp) return 'gone';
  const finalizers = current.metadata.finalizers ?? [];
  if (!finalizers.some((f) => drop.has(f))) return 'gone';
  const updated = await api.update(owner.resource, { ...current, metadata: { ...current.metadata, finalizers: finalizers.filter((f) => !drop.has(f)) } }, signal);
  return updated ? 'finalized' : 'conflict';
}
