import { FieldSet, fieldElement, keyElement, valueElement } from './field-set';
import type { FieldPath, PathElement } from './field-set';
import type { JsonValue } from './merge-patch';
import { isJsonObject } from './merge-patch';
import type { PatchMeta } from './patch-meta';
import { jsonEqual } from './strategic-merge-patch';

type JsonObject = Record<string, JsonValue>;

/** The difference between two objects as field sets (structured-merge-diff's typed.Comparison). */
export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

function isGranularObject(v: unknown, meta: PatchMeta): v is JsonObject {
  return isJsonObject(v) && !meta.atomicMap;
}

function isGranularList(v: unknown, meta: PatchMeta): v is JsonValue[] {
  return Array.isArray(v) && meta.listType !== 'atomic';
}

/** The path element of a list item under `meta`'s list semantics (index when the item has no key). */
export function itemElement(item: JsonValue, index: number, meta: PatchMeta): PathElement {
  if (meta.listType === 'set') return valueElement(item);
  if (meta.listType === 'map' && isJsonObject(item) && meta.listMapKeys.length > 0) {
    const key: Record<string, unknown> = {};
    for (const k of meta.listMapKeys) if (item[k] !== undefined) key[k] = item[k];
    if (Object.keys(key).length > 0) return keyElement(key);
  }
  return `i:${index}`;
}

/**
 * The fields an (applied) configuration sets (typed.ToFieldSet): every scalar, atomic list/map, set item and map-list
 * item, plus the map-list items' fields; objects themselves are not members. Nulls are not fields.
 */
export function toFieldSet(value: JsonValue, meta: PatchMeta): FieldSet {
  const set = new FieldSet();
  const walk = (v: JsonValue, m: PatchMeta, path: PathElement[]) => {
    if (v === null) return;
    if (isGranularObject(v, m)) {
      for (const [k, child] of Object.entries(v)) walk(child, m.field(k), [...path, fieldElement(k)]);
    } else if (isGranularList(v, m)) {
      v.forEach((item, i) => {
        const p = [...path, itemElement(item, i, m)];
        set.insert(p);
        if (m.listType === 'map' && isJsonObject(item)) {
          for (const [k, child] of Object.entries(item)) walk(child, m.items().field(k), [...p, fieldElement(k)]);
        }
      });
    } else {
      set.insert(path);
    }
  };
  walk(value, meta, []);
  return set;
}

// Every path of a value that appears or disappears whole. Structs are not members themselves: in kube's typed
// objects they always exist (zero values), so only their fields come and go.
function insertAll(set: FieldSet, v: JsonValue, m: PatchMeta, path: PathElement[]): void {
  if (!(isGranularObject(v, m) && m.objectKind === 'struct')) set.insert(path);
  if (isGranularObject(v, m)) {
    for (const [k, child] of Object.entries(v)) if (child !== null) insertAll(set, child, m.field(k), [...path, fieldElement(k)]);
  } else if (isGranularList(v, m) && m.listType === 'map') {
    v.forEach((item, i) => insertAll(set, item, m.items(), [...path, itemElement(item, i, m)]));
  } else if (isGranularList(v, m)) {
    v.forEach((item, i) => set.insert([...path, itemElement(item, i, m)]));
  }
}

/** Which fields `next` added, modified or removed relative to `old` (typed.Compare). */
export function compareObjects(old: JsonValue | undefined, next: JsonValue | undefined, meta: PatchMeta): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const walk = (a: JsonValue | undefined, b: JsonValue | undefined, m: PatchMeta, path: PathElement[]) => {
    const hasA = a !== undefined && a !== null;
    const hasB = b !== undefined && b !== null;
    if (!hasA && !hasB) return;
    if (!hasA) return insertAll(c.added, b as JsonValue, m, path);
    if (!hasB) return insertAll(c.removed, a as JsonValue, m, path);
    if (isGranularObject(a, m) && isGranularObject(b, m)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], m.field(k), [...path, fieldElement(k)]);
      return;
    }
    if (isGranularList(a, m) && isGranularList(b, m)) {
      const items = (list: JsonValue[]) => new Map(list.map((item, i) => [itemElement(item, i, m), item] as const));
      const ia = items(a);
      const ib = items(b);
      for (const [e, item] of ib) {
        const p = [...path, e];
        if (!ia.has(e)) insertAll(c.added, item, m.listType === 'map' ? m.items() : m, p);
        else if (m.listType === 'map') walkItem(ia.get(e) as JsonValue, item, m.items(), p);
      }
      for (const [e, item] of ia) if (!ib.has(e)) insertAll(c.removed, item, m.listType === 'map' ? m.items() : m, [...path, e]);
      return;
    }
    if (!jsonEqual(a, b)) c.modified.insert(path);
  };
  const walkItem = (a: JsonValue, b: JsonValue, m: PatchMeta, path: PathElement[]) => {
    if (isGranularObject(a, m) && isGranularObject(b, m)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], m.field(k), [...path, fieldElement(k)]);
    } else if (!jsonEqual(a, b)) c.modified.insert(path);
  };
  walk(old, next, meta, []);
  return c;
}

/**
 * Merges an applied configuration into the live object (typed.Merge): objects merge field by field, map lists
 * item by key (new items appended), sets by union, everything else is replaced by the configuration.
 */
export function mergeApplied(live: JsonValue | undefined, config: JsonValue, meta: PatchMeta): JsonValue {
  if (isGranularObject(live, meta) && isGranularObject(config, meta)) {
    const out: JsonObject = structuredClone(live);
    for (const [k, v] of Object.entries(config)) {
      if (v === null) continue;
      out[k] = mergeApplied(out[k], v, meta.field(k));
    }
    return out;
  }
  if (isGranularList(live, meta) && isGranularList(config, meta)) {
    const out = structuredClone(live);
    const index = new Map(out.map((item, i) => [itemElement(item, i, meta), i] as const));
    config.forEach((item, i) => {
      const at = index.get(itemElement(item, i, meta));
      if (at === undefined) out.push(structuredClone(item));
      else if (meta.listType === 'map') out[at] = mergeApplied(out[at], item, meta.items());
    });
    return out;
  }
  return structuredClone(config);
}

/**
 * Removes the member paths of `set` from `obj` in place; a list or map emptied by a removal goes too (kube's
 * typed objects omit empty ones).
 */
export function removeFields(obj: JsonObject, paths: readonly FieldPath[], meta: PatchMeta): void {
  for (const path of paths) removePath(obj, path, meta);
}

function removePath(container: JsonValue, path: FieldPath, m: PatchMeta): boolean {
  const [head, ...rest] = path;
  if (head === undefined) return false;
  if (head.startsWith('f:') && isJsonObject(container)) {
    const name = head.slice(2);
    if (!(name in container)) return false;
    if (rest.length === 0) {
      delete container[name];
      return true;
    }
    const child = container[name];
    const removed = removePath(child, rest, m.field(name));
    if (removed && isEmptyContainer(child)) delete container[name];
    return removed;
  }
  if (Array.isArray(container)) {
    const at = container.findIndex((item, i) => itemElement(item, i, m) === head);
    if (at < 0) return false;
    if (rest.length === 0) {
      container.splice(at, 1);
      return true;
    }
    return removePath(container[at], rest, m.items());
  }
  return false;
}

function isEmptyContainer(v: JsonValue): boolean {
  return (Array.isArray(v) && v.length === 0) || (isJsonObject(v) && Object.keys(v).length === 0);
}
