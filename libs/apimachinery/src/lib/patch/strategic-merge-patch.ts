import type { JsonValue } from './merge-patch';
import { isJsonObject } from './merge-patch';
import type { PatchMeta } from './patch-meta';

type JsonObject = Record<string, JsonValue>;

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';
const SET_ELEMENT_ORDER = '$setElementOrder/';

/**
 * A strategic merge patch that cannot be applied. `badRequest` errors are kube's 400s (malformed directives);
 * the others are kube's 422 (well-formed patches that do not fit the object).
 */
export class StrategicMergePatchError extends Error {
  constructor(
    message: string,
    readonly badRequest: boolean,
  ) {
    super(message);
    this.name = 'StrategicMergePatchError';
  }
}

// The messages of k8s.io/apimachinery/pkg/util/mergepatch errors.
const errBadPatchFormatForPrimitiveList = () => new StrategicMergePatchError('invalid patch format of primitive list', true);
const errBadPatchFormatForRetainKeys = () => new StrategicMergePatchError('invalid patch format of retainKeys', true);
const errBadPatchFormatForSetElementOrder = () => new StrategicMergePatchError('invalid patch format of setElementOrder list', true);
const errPatchContentNotMatchRetainKeys = () => new StrategicMergePatchError("patch content doesn't match retainKeys list", false);
const errNoListOfLists = () => new StrategicMergePatchError('lists of lists are not supported', false);
const errBadPatchType = (t: unknown, m: unknown) => new StrategicMergePatchError(`unknown patch type: ${String(t)} in map: ${JSON.stringify(m)}`, true);
const errNoMergeKey = (m: unknown, k: string) => new StrategicMergePatchError(`map: ${JSON.stringify(m)} does not contain declared merge key: ${k}`, true);

/**
 * Applies a Kubernetes strategic merge patch to `original` (neither is modified): maps merge and `null` deletes;
 * lists are replaced unless `meta` declares patch strategy `merge` (scalars: union; objects: merged by the merge
 * key); directives `$patch: replace|delete|merge`, `$retainKeys`, `$deleteFromPrimitiveList/<f>` and
 * `$setElementOrder/<f>` behave as in k8s.io/apimachinery/pkg/util/strategicpatch. Throws
 * StrategicMergePatchError for malformed directives or items missing their merge key.
 */
export function applyStrategicMergePatch(original: JsonObject, patch: JsonObject, meta: PatchMeta): JsonObject {
  return mergeMap(structuredClone(original), structuredClone(patch), meta);
}

function mergeMap(original: JsonObject, patch: JsonObject, meta: PatchMeta): JsonObject {
  if (DIRECTIVE in patch) {
    const d = patch[DIRECTIVE];
    if (d === 'replace') {
      delete patch[DIRECTIVE];
      return mergeMap({}, patch, meta);
    }
    if (d === 'delete') return {};
    if (d !== 'merge') throw errBadPatchType(d, patch);
    delete patch[DIRECTIVE];
  }
  if (RETAIN_KEYS in patch) {
    const keys = patch[RETAIN_KEYS];
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw errBadPatchFormatForRetainKeys();
    delete patch[RETAIN_KEYS];
    for (const k of Object.keys(patch)) {
      if (!k.startsWith('$') && !keys.includes(k)) throw errPatchContentNotMatchRetainKeys();
    }
    for (const k of Object.keys(original)) if (!keys.includes(k)) delete original[k];
  }
  const orders = new Map<string, JsonValue[]>();
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const field = k.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      if (!Array.isArray(v)) throw errBadPatchFormatForPrimitiveList();
      const current = original[field];
      if (Array.isArray(current)) original[field] = current.filter((x) => !v.some((d) => jsonEqual(d, x)));
      delete patch[k];
    } else if (k.startsWith(SET_ELEMENT_ORDER)) {
      if (!Array.isArray(v)) throw errBadPatchFormatForSetElementOrder();
      orders.set(k.slice(SET_ELEMENT_ORDER.length), v);
      delete patch[k];
    }
  }
  for (const [k, patchV] of Object.entries(patch)) {
    if (patchV === null) {
      delete original[k];
      continue;
    }
    const child = meta.field(k);
    const origV = original[k];
    if (isJsonObject(patchV)) {
      const replace = child.patchStrategies.includes('replace');
      original[k] = mergeMap(isJsonObject(origV) && !replace ? origV : {}, patchV, child);
    } else if (Array.isArray(patchV)) {
      original[k] = child.patchStrategies.includes('merge')
        ? mergeList(Array.isArray(origV) ? origV : [], patchV, child)
        : replaceList(patchV, child);
    } else {
      original[k] = patchV;
    }
  }
  for (const [field, order] of orders) {
    const list = original[field];
    if (Array.isArray(list)) original[field] = applyElementOrder(list, order, meta.field(field).patchMergeKey);
  }
  return original;
}

// A replaced list may still carry directives in its items (kube strips them by merging each into nothing).
function replaceList(patch: JsonValue[], meta: PatchMeta): JsonValue[] {
  return patch.filter((item) => !(isJsonObject(item) && item[DIRECTIVE] !== undefined && Object.keys(item).length === 1))
    .map((item) => (isJsonObject(item) ? mergeMap({}, item, meta.items()) : item));
}

function mergeList(original: JsonValue[], patch: JsonValue[], meta: PatchMeta): JsonValue[] {
  if (patch.some(Array.isArray) || original.some(Array.isArray)) throw errNoListOfLists();
  const replaceIdx = patch.findIndex((item) => isJsonObject(item) && item[DIRECTIVE] === 'replace');
  if (replaceIdx >= 0) return replaceList(patch.filter((_, i) => i !== replaceIdx), meta);
  const key = meta.patchMergeKey;
  if (!key || !patch.every(isJsonObject)) {
    const out = [...original];
    for (const item of patch) if (!out.some((x) => jsonEqual(x, item))) out.push(item);
    return out;
  }
  let out = [...original];
  for (const item of patch as JsonObject[]) {
    const directive = item[DIRECTIVE];
    if (!(key in item)) throw errNoMergeKey(item, key);
    const at = out.findIndex((x) => isJsonObject(x) && jsonEqual(x[key], item[key]));
    if (directive === 'delete') {
      out = out.filter((x) => !(isJsonObject(x) && jsonEqual(x[key], item[key])));
      continue;
    }
    if (directive === 'replace') {
      const { [DIRECTIVE]: _d, ...rest } = item;
      if (at >= 0) out[at] = mergeMap({}, rest, meta.items());
      else out.push(mergeMap({}, rest, meta.items()));
      continue;
    }
    if (at >= 0) out[at] = mergeMap(out[at] as JsonObject, item, meta.items());
    else out.push(mergeMap({}, item, meta.items()));
  }
  return out;
}

// $setElementOrder: the listed elements take the positions the listed elements occupy, in the listed order;
// elements the order does not mention (server-only items) keep their positions.
function applyElementOrder(list: JsonValue[], order: JsonValue[], mergeKey: string | undefined): JsonValue[] {
  const identity = (x: JsonValue): JsonValue => (mergeKey && isJsonObject(x) ? (x[mergeKey] ?? null) : x);
  const orderIds = order.map((o) => (mergeKey && isJsonObject(o) ? (o[mergeKey] ?? null) : o));
  const rank = (x: JsonValue) => orderIds.findIndex((id) => jsonEqual(id, identity(x)));
  const listed = list.filter((x) => rank(x) >= 0).sort((a, b) => rank(a) - rank(b));
  let next = 0;
  return list.map((x) => (rank(x) >= 0 ? listed[next++] : x));
}

/** Deep equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}
