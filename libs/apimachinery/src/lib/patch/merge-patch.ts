/** A JSON value as the patch algorithms see it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** True for a JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is Record<string, JsonValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * RFC 7386 JSON merge patch: objects merge recursively, `null` deletes a key, anything else (arrays included)
 * replaces. A non-object patch replaces the whole target. Pure: neither argument is modified.
 */
export function applyMergePatch(target: unknown, patch: unknown): JsonValue {
  if (!isJsonObject(patch)) return structuredClone(patch as JsonValue);
  const out: Record<string, JsonValue> = isJsonObject(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}
