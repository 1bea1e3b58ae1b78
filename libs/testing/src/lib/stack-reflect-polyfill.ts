// @peculiar/x509 resolves its crypto providers through tsyringe, which refuses to load without the Reflect metadata
// API (normally the `reflect-metadata` package). This is the small subset tsyringe and tslib's __metadata use, kept
// in a WeakMap so it holds nothing alive. It installs itself only when no polyfill is present.
type Key = string | symbol | undefined;
const metadata = new WeakMap<object, Map<Key, Map<unknown, unknown>>>();

function table(target: object, property: Key, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = metadata.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    metadata.set(target, byProperty);
  }
  let entries = byProperty.get(property);
  if (!entries && create) {
    entries = new Map();
    byProperty.set(property, entries);
  }
  return entries;
}

function getOwnMetadata(key: unknown, target: object, property?: Key): unknown {
  return table(target, property, false)?.get(key);
}

function getMetadata(key: unknown, target: object, property?: Key): unknown {
  for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
    const entries = table(t, property, false);
    if (entries?.has(key)) return entries.get(key);
  }
  return undefined;
}

function defineMetadata(key: unknown, value: unknown, target: object, property?: Key): void {
  table(target, property, true)?.set(key, value);
}

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect['getMetadata'] !== 'function') {
  Object.assign(reflect, {
    getMetadata,
    getOwnMetadata,
    defineMetadata,
    hasMetadata: (key: unknown, target: object, property?: Key) => getMetadata(key, target, property) !== undefined,
    hasOwnMetadata: (key: unknown, target: object, property?: Key) => table(target, property, false)?.has(key) ?? false,
    metadata: (key: unknown, value: unknown) => (target: object, property?: Key) => defineMetadata(key, value, target, property),
  });
}

/** Marker export: importing this module installs the polyfill (see the comment above). */
export const reflectMetadataPolyfill = true;
