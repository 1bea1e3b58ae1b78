import { CLUSTER_ANNOTATION } from '../tenancy/workspace/workspace-types';
import type { GcObject, GcResource, OwnerReference } from './garbage-collector-api';

/** The finalizer kube's garbage collector removes after orphaning the dependents (propagationPolicy=Orphan). */
export const ORPHAN_FINALIZER = 'orphan';
/** The finalizer kube's garbage collector removes after deleting the dependents (propagationPolicy=Foreground). */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** One object the graph tracks: where it lives and who it is. */
export interface GcNode {
  readonly resource: GcResource;
  /** Its logical cluster id (the {@link CLUSTER_ANNOTATION} of a `/clusters/*` watch). */
  readonly cluster: string;
  readonly namespace?: string;
  readonly name: string;
  readonly uid: string;
}

/** An object with ownerReferences. */
export interface DependentNode extends GcNode {
  readonly ownerReferences: readonly OwnerReference[];
  /** It has a deletionTimestamp: the collector leaves it to whoever finalizes it. */
  readonly deleting: boolean;
}

/** An object being deleted that holds one of the collector's finalizers. */
export interface DeletingOwnerNode extends GcNode {
  readonly orphan: boolean;
  readonly foreground: boolean;
}

/** Bounds of a {@link GcGraph}. */
export interface GcGraphLimits {
  /** Dependents plus deleting owners tracked; more are refused (and counted). */
  readonly maxNodes: number;
  /** uids remembered as seen alive (oldest forgotten first). */
  readonly maxAlive: number;
}

/** Queue items: a dependent to check (kube's attemptToDelete) or a deleting owner to process. */
export const dependentItem = (key: string): string => `d:${key}`;
export const ownerItem = (key: string): string => `o:${key}`;

export function groupOfApiVersion(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** A resource's identity in keys and metrics-free maps. */
export function resourceId(resource: Pick<GcResource, 'group' | 'plural'>): string {
  return `${resource.group}/${resource.plural}`;
}

/** The graph key of an object: no cluster id, namespace or name contains '|'. */
export function objectKey(resource: GcResource, cluster: string, namespace: string | undefined, name: string): string {
  return `${resourceId(resource)}|${cluster}|${namespace ?? ''}|${name}`;
}

// uids are unique, but only within the cluster an ownerReference is resolved in: a tenant cannot reach another
// workspace's objects by copying their uids into its references.
const uidKey = (cluster: string, uid: string): string => `${cluster}/${uid}`;

/**
 * The part of kube's garbage-collector dependency graph this collector needs, fed by `/clusters/*` watches of every
 * resource: the dependents (objects with ownerReferences) indexed by their owners' uids, and the owners being
 * deleted with `orphan` or `foregroundDeletion`. Objects that are neither are not kept (a million workspaces hold
 * millions of them); only their uids pass through a bounded "seen alive" memory that spares a lookup when a
 * dependent appears after its owner. Every change returns the queue items it makes: a dependent whose owner may be
 * gone is checked against the apiserver before anything is deleted, as kube's attemptToDeleteItem does.
 */
export class GcGraph {
  private readonly dependents = new Map<string, DependentNode>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly deletingOwners = new Map<string, DeletingOwnerNode>();
  private readonly deletingByUid = new Map<string, string>();
  private readonly alive = new Map<string, true>();
  private refusedCount = 0;

  constructor(private readonly limits: GcGraphLimits) {}

  /** The graph key of a watched object; undefined when it carries no cluster annotation, name or uid. */
  keyOf(resource: GcResource, obj: GcObject): string | undefined {
    const cluster = obj.metadata.annotations?.[CLUSTER_ANNOTATION];
    if (!cluster || !obj.metadata.name || !obj.metadata.uid) return undefined;
    return objectKey(resource, cluster, obj.metadata.namespace, obj.metadata.name);
  }

  /** An added or modified object. */
  upsert(resource: GcResource, obj: GcObject): string[] {
    const key = this.keyOf(resource, obj);
    if (!key) return [];
    const cluster = obj.metadata.annotations?.[CLUSTER_ANNOTATION] as string;
    const uid = obj.metadata.uid as string;
    const base: GcNode = { resource, cluster, name: obj.metadata.name, uid, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}) };
    this.markAlive(uidKey(cluster, uid));
    const work: string[] = [];

    const refs = obj.metadata.ownerReferences ?? [];
    const old = this.dependents.get(key);
    if (refs.length > 0) {
      const changed = !old || old.uid !== uid || !sameRefs(old.ownerReferences, refs);
      if (!old && !this.hasRoom()) {
        this.refusedCount += 1;
      } else {
        if (old && changed) this.unindex(key, old, work);
        const node: DependentNode = { ...base, ownerReferences: refs.map((r) => ({ ...r })), deleting: !!obj.metadata.deletionTimestamp };
        this.dependents.set(key, node);
        if (changed) {
          for (const ref of refs) this.index(uidKey(cluster, ref.uid), key);
          // A new reference to an owner not seen alive (or being deleted) may already dangle: check it.
          if (refs.some((r) => !this.alive.has(uidKey(cluster, r.uid)) || this.deletingByUid.has(uidKey(cluster, r.uid)))) work.push(dependentItem(key));
        }
      }
    } else if (old) {
      this.dependents.delete(key);
      this.unindex(key, old, work);
    }

    const finalizers = obj.metadata.finalizers ?? [];
    const orphan = finalizers.includes(ORPHAN_FINALIZER);
    const foreground = finalizers.includes(FOREGROUND_FINALIZER);
    if (obj.metadata.deletionTimestamp && (orphan || foreground)) {
      if (this.deletingOwners.has(key) || this.hasRoom()) {
        this.deletingOwners.set(key, { ...base, orphan, foreground });
        this.deletingByUid.set(uidKey(cluster, uid), key);
        work.push(ownerItem(key));
      } else {
        this.refusedCount += 1;
      }
    } else {
      this.dropDeletingOwner(key);
    }
    return work;
  }

  /** A deleted object: its dependents are checked, owners waiting for it are woken. */
  remove(resource: GcResource, obj: GcObject): string[] {
    const key = this.keyOf(resource, obj);
    if (!key) return [];
    const cluster = obj.metadata.annotations?.[CLUSTER_ANNOTATION] as string;
    return this.removeKey(key, uidKey(cluster, obj.metadata.uid as string));
  }

  /**
   * The end of a (re)list of `resource`: what the graph holds of it and the list did not return was deleted
   * meanwhile. After a relist, owners of this kind may have gone unseen (the graph keeps no plain objects), so every
   * dependent referencing the kind is checked again.
   */
  retain(resource: GcResource, listed: ReadonlySet<string>, relist: boolean): string[] {
    const id = resourceId(resource);
    const work: string[] = [];
    const stale: [string, string][] = [];
    for (const [key, node] of this.dependents) if (resourceId(node.resource) === id && !listed.has(key)) stale.push([key, uidKey(node.cluster, node.uid)]);
    for (const [key, node] of this.deletingOwners) if (resourceId(node.resource) === id && !listed.has(key)) stale.push([key, uidKey(node.cluster, node.uid)]);
    for (const [key, uid] of stale) work.push(...this.removeKey(key, uid));
    if (relist) {
      // Owners deleted while the watch was down may be remembered alive; the memory records no kinds, so forget all.
      this.alive.clear();
      for (const [key, node] of this.dependents) {
        if (node.ownerReferences.some((r) => r.kind === resource.kind && groupOfApiVersion(r.apiVersion) === resource.group)) work.push(dependentItem(key));
      }
    }
    return work;
  }

  dependent(key: string): DependentNode | undefined {
    return this.dependents.get(key);
  }

  deletingOwner(key: string): DeletingOwnerNode | undefined {
    return this.deletingOwners.get(key);
  }

  /** The tracked dependents of an owner, by kube's scope rule: a namespaced owner owns in its namespace only. */
  dependentsOf(owner: GcNode): DependentNode[] {
    const out: DependentNode[] = [];
    for (const key of this.byOwner.get(uidKey(owner.cluster, owner.uid)) ?? []) {
      const node = this.dependents.get(key);
      if (!node) continue;
      if (owner.resource.namespaced && node.namespace !== owner.namespace) continue;
      out.push(node);
    }
    return out;
  }

  /** Sizes, for metrics. */
  stats(): { dependents: number; deletingOwners: number; alive: number; refused: number } {
    return { dependents: this.dependents.size, deletingOwners: this.deletingOwners.size, alive: this.alive.size, refused: this.refusedCount };
  }

  private hasRoom(): boolean {
    return this.dependents.size + this.deletingOwners.size < this.limits.maxNodes;
  }

  private markAlive(uid: string): void {
    if (this.limits.maxAlive <= 0) return;
    this.alive.delete(uid);
    this.alive.set(uid, true);
    if (this.alive.size > this.limits.maxAlive) this.alive.delete(this.alive.keys().next().value as string);
  }

  private removeKey(key: string, uid: string): string[] {
    const work: string[] = [];
    this.alive.delete(uid);
    const old = this.dependents.get(key);
    if (old) {
      this.dependents.delete(key);
      this.unindex(key, old, work);
    }
    this.dropDeletingOwner(key);
    for (const dep of this.byOwner.get(uid) ?? []) work.push(dependentItem(dep));
    return work;
  }

  private dropDeletingOwner(key: string): void {
    const owner = this.deletingOwners.get(key);
    if (!owner) return;
    this.deletingOwners.delete(key);
    const uid = uidKey(owner.cluster, owner.uid);
    if (this.deletingByUid.get(uid) === key) this.deletingByUid.delete(uid);
  }

  private index(owner: string, dependent: string): void {
    let set = this.byOwner.get(owner);
    if (!set) this.byOwner.set(owner, (set = new Set()));
    set.add(dependent);
  }

  /** Drops `node`'s references from the index; owners being deleted that waited for it are woken. */
  private unindex(key: string, node: DependentNode, work: string[]): void {
    for (const ref of node.ownerReferences) {
      const owner = uidKey(node.cluster, ref.uid);
      const set = this.byOwner.get(owner);
      if (set) {
        set.delete(key);
        if (set.size === 0) this.byOwner.delete(owner);
      }
      const deleting = this.deletingByUid.get(owner);
      if (deleting) work.push(ownerItem(deleting));
    }
  }
}

function sameRefs(a: readonly OwnerReference[], b: readonly OwnerReference[]): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => r.uid === b[i].uid && r.kind === b[i].kind && r.apiVersion === b[i].apiVersion && r.name === b[i].name && r.blockOwnerDeletion === b[i].blockOwnerDeletion)
  );
}
