import type { KubeObject, ManagedFieldsEntry } from '../object-meta';
import { StatusError } from '../status';
import type { StatusCause } from '../status';
import { FieldSet, fieldPathString } from './field-set';
import type { FieldPath } from './field-set';
import type { JsonValue } from './merge-patch';
import type { PatchMeta } from './patch-meta';
import { compareObjects, mergeApplied, removeFields, toFieldSet } from './typed-value';

/** One manager's decoded entry. */
interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

/** Who is writing: the field manager, the apiVersion it writes in and the clock. */
export interface FieldManagerContext {
  readonly manager: string;
  readonly apiVersion: string;
  readonly meta: PatchMeta;
  /** RFC 3339 seconds, e.g. nowRFC3339(). */
  readonly now: string;
}

// kube's capManagersManager: older Update entries beyond this are folded into one.
const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';

/** kube's FieldManagerMaxLength. */
export const FIELD_MANAGER_MAX_LENGTH = 128;

/**
 * The default field manager of a request without `fieldManager`: the User-Agent up to the first '/', printable
 * characters only, at most 128 bytes (kube's prefixFromUserAgent), e.g. `kubectl` for `kubectl/v1.32.0 (...)`.
 */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0];
  let out = '';
  for (const ch of prefix) {
    if (!/\P{C}/u.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
  }
  return out;
}

// Server-owned fields no manager owns (kube's stripMetaManager), and status (reset on main-resource writes).
function strip(obj: KubeObject | undefined): JsonValue {
  const out = structuredClone((obj ?? {}) as Record<string, JsonValue>);
  delete out['apiVersion'];
  delete out['kind'];
  delete out['status'];
  const meta = out['metadata'];
  if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
    for (const f of ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion']) {
      delete (meta as Record<string, JsonValue>)[f];
    }
  }
  return out;
}

function identity(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const id: Record<string, string> = { manager: m.manager, operation: m.operation };
  if (m.operation === 'Update') id['apiVersion'] = m.apiVersion;
  if (m.subresource) id['subresource'] = m.subresource;
  return JSON.stringify(id);
}

function decode(entries: readonly ManagedFieldsEntry[] | undefined): Map<string, Manager> {
  const out = new Map<string, Manager>();
  for (const e of entries ?? []) {
    if (e.fieldsType !== 'FieldsV1' || (e.operation !== 'Apply' && e.operation !== 'Update')) continue;
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    } catch {
      continue;
    }
    const m: Manager = { manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion ?? '', time: e.time, subresource: e.subresource, set };
    out.set(identity(m), m);
  }
  return out;
}

// kube's sortEncodedManagedFields: Apply before Update, then by time, manager, apiVersion, subresource.
function encode(managers: Map<string, Manager>): ManagedFieldsEntry[] {
  const list = [...managers.values()].filter((m) => !m.set.isEmpty());
  list.sort(
    (p, q) =>
      p.operation.localeCompare(q.operation) ||
      (p.time ?? '').localeCompare(q.time ?? '') ||
      p.manager.localeCompare(q.manager) ||
      p.apiVersion.localeCompare(q.apiVersion) ||
      (p.subresource ?? '').localeCompare(q.subresource ?? ''),
  );
  return list.map((m) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = m.set.toFieldsV1();
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

function capUpdateManagers(managers: Map<string, Manager>): void {
  const updates = [...managers.entries()].filter(([, m]) => m.operation === 'Update' && m.manager !== ANCIENT_CHANGES);
  if (updates.length <= MAX_UPDATE_MANAGERS) return;
  updates.sort(([, a], [, b]) => (a.time ?? '').localeCompare(b.time ?? ''));
  for (const [id, m] of updates.slice(0, updates.length - MAX_UPDATE_MANAGERS)) {
    const ancientId = identity({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: m.apiVersion });
    const ancient = managers.get(ancientId);
    managers.set(ancientId, { ...m, manager: ANCIENT_CHANGES, set: ancient ? ancient.set.union(m.set) : m.set });
    managers.delete(id);
  }
}

function setManagedFields(obj: KubeObject, managers: Map<string, Manager>): KubeObject {
  const entries = encode(managers);
  if (entries.length > 0) obj.metadata.managedFields = entries;
  else delete obj.metadata.managedFields;
  return obj;
}

/**
 * Records a non-apply write (create, update, JSON/merge/strategic patch) in `next.metadata.managedFields`
 * (kube's FieldManager.Update): the fields the write added or changed move to `ctx.manager`'s Update entry (its
 * time set to now), removed fields leave every entry, empty entries disappear. The managed fields of the request
 * win when it carries some, else the live object's are kept; `[{}]` resets them. Returns `next`, modified.
 */
export function recordUpdate(live: KubeObject | undefined, next: KubeObject, ctx: FieldManagerContext): KubeObject {
  const requested = next.metadata.managedFields;
  if (requested?.length === 1 && Object.keys(requested[0]).length === 0) {
    delete next.metadata.managedFields;
    return next;
  }
  const managers = decode(requested && requested.length > 0 ? requested : live?.metadata.managedFields);
  const c = compareObjects(strip(live), strip(next), ctx.meta);
  const changed = c.added.union(c.modified);
  for (const m of managers.values()) m.set = m.set.difference(changed).difference(c.removed);
  const id = identity({ manager: ctx.manager, operation: 'Update', apiVersion: ctx.apiVersion });
  if (!changed.isEmpty()) {
    const prev = managers.get(id);
    managers.set(id, { manager: ctx.manager, operation: 'Update', apiVersion: ctx.apiVersion, time: ctx.now, set: prev ? prev.set.union(changed) : changed });
  }
  capUpdateManagers(managers);
  return setManagedFields(next, managers);
}

/** One field another manager owns and an apply would change. */
export interface ApplyConflict {
  readonly manager: string;
  readonly path: FieldPath;
}

function printManager(m: Manager): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  return m.operation === 'Update' ? `${s} using ${m.apiVersion}` : s;
}

/** kube's 409 for apply conflicts: `Apply failed with 1 conflict: conflict with "m" using v1: .data.a`. */
export function newApplyConflict(conflicts: readonly { manager: string; path: FieldPath }[]): StatusError {
  const causes: StatusCause[] = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.manager}`, field: fieldPathString(c.path) }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${conflicts[0].manager}: ${fieldPathString(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), fieldPathString(c.path)]);
    const lines: string[] = [];
    for (const manager of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${manager}:`);
      for (const p of byManager.get(manager) ?? []) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict', details: { causes }, code: 409 });
}

/**
 * Server-side apply (kube's FieldManager.Apply): merges `config` into `live` (absent: a new object), makes
 * `ctx.manager`'s Apply entry own exactly the configuration's fields, removes fields the manager applied before,
 * no longer applies and nobody else owns, and takes changed fields from other managers only with `force`.
 * Throws a 409 Conflict StatusError listing every conflicting manager and field otherwise. Returns the new object.
 */
export function applyConfiguration(
  live: KubeObject | undefined,
  config: KubeObject,
  ctx: FieldManagerContext & { readonly force: boolean },
): KubeObject {
  const managers = decode(live?.metadata.managedFields);
  const merged = mergeApplied((live ?? {}) as JsonValue, config as unknown as JsonValue, ctx.meta) as unknown as KubeObject;
  delete merged.metadata.managedFields;
  const id = identity({ manager: ctx.manager, operation: 'Apply', apiVersion: ctx.apiVersion });
  const previous = managers.get(id);
  const applied = toFieldSet(strip(config), ctx.meta);
  const others = [...managers.entries()].filter(([k]) => k !== id).map(([, m]) => m.set);
  if (previous) {
    const dropped = previous.set.difference(applied).paths().filter((p) => !applied.hasMemberUnder(p) && !others.some((s) => s.hasMemberUnder(p)));
    removeFields(merged as unknown as Record<string, JsonValue>, dropped, ctx.meta);
  }
  const c = compareObjects(strip(live), strip(merged), ctx.meta);
  const changed = c.added.union(c.modified);
  const conflicts: { manager: string; path: FieldPath; owner: Manager }[] = [];
  for (const [k, m] of [...managers.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (k === id) continue;
    for (const path of m.set.intersection(changed).paths()) conflicts.push({ manager: printManager(m), path, owner: m });
  }
  if (conflicts.length > 0 && !ctx.force) throw newApplyConflict(conflicts);
  for (const [k, m] of managers) if (k !== id) m.set = m.set.difference(changed).difference(c.removed);
  const unchanged = c.added.isEmpty() && c.modified.isEmpty() && c.removed.isEmpty();
  managers.set(id, {
    manager: ctx.manager,
    operation: 'Apply',
    apiVersion: ctx.apiVersion,
    time: unchanged && previous?.time ? previous.time : ctx.now,
    set: applied,
  });
  return setManagedFields(merged, managers);
}
