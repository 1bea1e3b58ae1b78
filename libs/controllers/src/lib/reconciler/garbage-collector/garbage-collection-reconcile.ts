import type { GarbageCollectorApi, GcObject, GcResource, OwnerReference } from './garbage-collector-api';

/** The finalizer kube's garbage collector removes after orphaning the dependents (propagationPolicy=Orphan). */
export const ORPHAN_FINALIZER = 'orphan';
/** The finalizer kube's garbage collector removes after deleting the dependents (propagationPolicy=Foreground). */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** Bounds of one pass over one workspace; what is left over waits for the next pass. */
export interface GarbageCollectionLimits {
  /** Writes (PUT/DELETE) per pass. */
  readonly maxWrites: number;
  /** Owner GETs per pass (also the size of the per-pass owner cache). */
  readonly maxOwnerLookups: number;
  /** Owners with `orphan`/`foregroundDeletion` handled per pass. */
  readonly maxOwners: number;
}

/** What one pass did, for logs. */
export interface GarbageCollectionResult {
  /** Dependents deleted (all owners gone, or foreground deletion of an owner). */
  deleted: number;
  /** Dependents whose ownerReferences were trimmed (orphaned, or dangling references dropped). */
  updated: number;
  /** Owners whose `orphan`/`foregroundDeletion` finalizer was removed. */
  finalized: number;
  /** Owners still waiting for their dependents (foreground) or for a retry. */
  pending: number;
}

/** Defaults: a pass stays around a second of apiserver work on a small workspace. */
export const DEFAULT_GC_LIMITS: GarbageCollectionLimits = { maxWrites: 200, maxOwnerLookups: 1000, maxOwners: 100 };

interface DeletingOwner {
  readonly resource: GcResource;
  readonly obj: GcObject;
  readonly orphan: boolean;
  readonly foreground: boolean;
  remaining: number;
  failed: boolean;
}

type OwnerState = 'solid' | 'dangling' | 'unknown';

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** Mutable per-pass state: the budgets and what was found. */
class Pass {
  writes = 0;
  readonly ownerCache = new Map<string, OwnerState>();
  readonly result: GarbageCollectionResult = { deleted: 0, updated: 0, finalized: 0, pending: 0 };
  readonly byGroupKind = new Map<string, GcResource>();

  constructor(
    readonly api: GarbageCollectorApi,
    readonly limits: GarbageCollectionLimits,
    readonly resources: readonly GcResource[],
    readonly signal?: AbortSignal,
  ) {
    for (const r of resources) if (!this.byGroupKind.has(`${r.group}/${r.kind}`)) this.byGroupKind.set(`${r.group}/${r.kind}`, r);
  }

  canWrite(): boolean {
    return this.writes < this.limits.maxWrites;
  }

  async deleteObject(resource: GcResource, obj: GcObject): Promise<void> {
    this.writes += 1;
    await this.api.delete(resource, obj, this.signal);
    this.result.deleted += 1;
  }

  /** PUT of the object without the references whose uid is in `drop`; false when it changed meanwhile. */
  async dropReferences(resource: GcResource, obj: GcObject, drop: ReadonlySet<string>): Promise<boolean> {
    this.writes += 1;
    const ownerReferences = (obj.metadata.ownerReferences ?? []).filter((r) => !drop.has(r.uid));
    const updated = await this.api.update(resource, { ...obj, metadata: { ...obj.metadata, ownerReferences } }, this.signal);
    if (updated) this.result.updated += 1;
    return updated !== undefined;
  }

  /** kube's owner lookup: gone when the GET answers 404 or an object of another uid; unknown when unresolvable. */
  async ownerState(dependent: GcObject, ref: OwnerReference): Promise<OwnerState> {
    const resource = this.byGroupKind.get(`${groupOf(ref.apiVersion)}/${ref.kind}`);
    if (!resource) return 'unknown';
    const namespace = dependent.metadata.namespace;
    // A cluster-scoped dependent cannot have a namespaced owner: kube treats such a reference as absent.
    if (resource.namespaced && !namespace) return 'dangling';
    const key = `${resource.namespaced ? namespace : ''}/${ref.uid}`;
    const cached = this.ownerCache.get(key);
    if (cached) return cached;
    if (this.ownerCache.size >= this.limits.maxOwnerLookups) return 'unknown';
    const owner = await this.api.get(resource, resource.namespaced ? namespace : undefined, ref.name, this.signal);
    const state: OwnerState = owner && owner.metadata.uid === ref.uid ? 'solid' : 'dangling';
    this.ownerCache.set(key, state);
    return state;
  }
}

async function forEachObject(pass: Pass, visit: (resource: GcResource, obj: GcObject) => Promise<void>): Promise<void> {
  for (const resource of pass.resources) {
    let token: string | undefined;
    do {
      pass.signal?.throwIfAborted();
      const page = await pass.api.listPage(resource, token, pass.signal);
      for (const obj of page.items) await visit(resource, obj);
      token = page.continue;
    } while (token);
  }
}

/**
 * kube's attemptToDeleteItem for a dependent that is not being deleted: when every owner is gone it is deleted
 * (Background); when only some are gone the dangling references are dropped. An owner whose kind discovery does
 * not know leaves the dependent alone (kube retries too).
 */
async function collectIfOrphaned(pass: Pass, resource: GcResource, obj: GcObject): Promise<void> {
  const refs = obj.metadata.ownerReferences ?? [];
  if (refs.length === 0 || obj.metadata.deletionTimestamp || !pass.canWrite()) return;
  const dangling = new Set<string>();
  for (const ref of refs) {
    const state = await pass.ownerState(obj, ref);
    if (state === 'unknown') return;
    if (state === 'dangling') dangling.add(ref.uid);
  }
  if (dangling.size === 0) return;
  if (dangling.size === refs.length) await pass.deleteObject(resource, obj);
  else await pass.dropReferences(resource, obj, dangling);
}

/** The deleting owners of the dependent, per kube's scope rule (namespaced owners own in their namespace only). */
function deletingOwnersOf(obj: GcObject, owners: ReadonlyMap<string, DeletingOwner>): DeletingOwner[] {
  const out: DeletingOwner[] = [];
  for (const ref of obj.metadata.ownerReferences ?? []) {
    const owner = owners.get(ref.uid);
    if (!owner) continue;
    if (owner.resource.namespaced && owner.obj.metadata.namespace !== obj.metadata.namespace) continue;
    out.push(owner);
  }
  return out;
}

/** Orphans the dependent (drops its references to orphaning owners) or deletes it for foreground owners. */
async function handleDependent(pass: Pass, resource: GcResource, obj: GcObject, owners: DeletingOwner[]): Promise<void> {
  const orphaning = owners.filter((o) => o.orphan);
  if (orphaning.length > 0) {
    const ok = pass.canWrite() && (await pass.dropReferences(resource, obj, new Set(orphaning.map((o) => o.obj.metadata.uid ?? ''))));
    if (!ok) for (const o of orphaning) o.failed = true;
    return;
  }
  for (const o of owners) o.remaining += 1;
  if (obj.metadata.deletionTimestamp) return;
  if (pass.canWrite()) await pass.deleteObject(resource, obj);
}

/** Removes the garbage collector's finalizers from an owner whose dependents are done; re-reads it first. */
async function finalizeOwner(pass: Pass, owner: DeletingOwner): Promise<boolean> {
  const drop = new Set<string>();
  if (owner.orphan) drop.add(ORPHAN_FINALIZER);
  if (owner.foreground && owner.remaining === 0) drop.add(FOREGROUND_FINALIZER);
  if (owner.failed || drop.size === 0 || !pass.canWrite()) return false;
  const fresh = await pass.api.get(owner.resource, owner.obj.metadata.namespace, owner.obj.metadata.name, pass.signal);
  if (!fresh || fresh.metadata.uid !== owner.obj.metadata.uid) return false;
  const finalizers = (fresh.metadata.finalizers ?? []).filter((f) => !drop.has(f));
  pass.writes += 1;
  const updated = await pass.api.update(owner.resource, { ...fresh, metadata: { ...fresh.metadata, finalizers } }, pass.signal);
  return updated !== undefined;
}

/**
 * One garbage-collection pass over one workspace, kube's GC semantics without its graph: (1) every dependent whose
 * owners are all gone is deleted, (2) owners being deleted with `orphan` get their reference dropped from every
 * dependent, then lose the finalizer, (3) owners being deleted with `foregroundDeletion` get their dependents
 * deleted and lose the finalizer once none remain (the apiserver then removes them). Dependents are found by
 * listing every listable resource page by page; writes, owner GETs and owners handled are bounded per pass
 * (`limits`), the rest waits for the next pass. Idempotent; rejects with the first API failure.
 */
export async function collectGarbage(
  api: GarbageCollectorApi,
  signal?: AbortSignal,
  limits: GarbageCollectionLimits = DEFAULT_GC_LIMITS,
): Promise<GarbageCollectionResult> {
  const pass = new Pass(api, limits, await api.resources(signal), signal);
  const owners = new Map<string, DeletingOwner>();
  await forEachObject(pass, async (resource, obj) => {
    const finalizers = obj.metadata.finalizers ?? [];
    const orphan = finalizers.includes(ORPHAN_FINALIZER);
    const foreground = finalizers.includes(FOREGROUND_FINALIZER);
    if (obj.metadata.deletionTimestamp && obj.metadata.uid && (orphan || foreground) && owners.size < limits.maxOwners) {
      owners.set(obj.metadata.uid, { resource, obj, orphan, foreground, remaining: 0, failed: false });
    }
    await collectIfOrphaned(pass, resource, obj);
  });
  if (owners.size === 0) return pass.result;
  // Second walk: the dependents of the deleting owners (a dependent may come before its owner in the first).
  await forEachObject(pass, async (resource, obj) => {
    const mine = deletingOwnersOf(obj, owners);
    if (mine.length > 0) await handleDependent(pass, resource, obj, mine);
  });
  for (const owner of owners.values()) {
    if (await finalizeOwner(pass, owner)) pass.result.finalized += 1;
    else pass.result.pending += 1;
  }
  return pass.result;
}
