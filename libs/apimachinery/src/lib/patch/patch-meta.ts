/** How a list merges: replaced whole, a set of scalars, or a map of items keyed by some of their fields. */
export type ListType = 'atomic' | 'set' | 'map';

/**
 * What the patch algorithms need to know about one node of a type: how its lists merge (strategic merge patch's
 * patch strategy and merge key, server-side apply's list type and keys) and whether an object is a struct (fixed
 * fields) or a map. Nodes the schema does not describe answer the defaults (lists atomic/replace, objects maps).
 */
export interface PatchMeta {
  /** The node of field `name` of this object. */
  field(name: string): PatchMeta;
  /** The node of this list's items or this map's values. */
  items(): PatchMeta;
  /** 'struct' for objects with declared properties, 'map' for additionalProperties or unknown objects. */
  readonly objectKind: 'struct' | 'map';
  /** Strategic merge patch strategies of this list/map, e.g. ['merge'] or ['merge', 'retainKeys']. */
  readonly patchStrategies: readonly string[];
  /** Strategic merge patch merge key of a list of objects. */
  readonly patchMergeKey?: string;
  /** Server-side apply semantics of this list. */
  readonly listType: ListType;
  /** Key fields of a `map` list. */
  readonly listMapKeys: readonly string[];
  /** Whether this object is replaced whole by apply (x-kubernetes-map-type: atomic). */
  readonly atomicMap: boolean;
}

/** The subset of an OpenAPI v3 schema object the patch algorithms read. */
export interface PatchSchema {
  type?: string | string[];
  properties?: Record<string, PatchSchema>;
  additionalProperties?: PatchSchema | boolean;
  items?: PatchSchema;
  allOf?: PatchSchema[];
  $ref?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
}

/** Resolves a `$ref` (e.g. `#/components/schemas/io.k8s...ObjectMeta`); undefined when unknown. */
export type SchemaRefResolver = (ref: string) => PatchSchema | undefined;

const MAX_REF_DEPTH = 32;

class SchemaPatchMeta implements PatchMeta {
  private readonly node: PatchSchema;

  constructor(
    schema: PatchSchema | undefined,
    private readonly resolve: SchemaRefResolver,
  ) {
    this.node = deref(schema ?? {}, resolve);
  }

  field(name: string): PatchMeta {
    const props = this.node.properties;
    if (props && Object.prototype.hasOwnProperty.call(props, name)) return new SchemaPatchMeta(props[name], this.resolve);
    const extra = this.node.additionalProperties;
    return new SchemaPatchMeta(typeof extra === 'object' ? extra : undefined, this.resolve);
  }

  items(): PatchMeta {
    if (this.node.items) return new SchemaPatchMeta(this.node.items, this.resolve);
    const extra = this.node.additionalProperties;
    return new SchemaPatchMeta(typeof extra === 'object' ? extra : undefined, this.resolve);
  }

  get objectKind(): 'struct' | 'map' {
    return this.node.properties ? 'struct' : 'map';
  }

  get patchStrategies(): readonly string[] {
    const s = this.node['x-kubernetes-patch-strategy'];
    return s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [];
  }

  get patchMergeKey(): string | undefined {
    return this.node['x-kubernetes-patch-merge-key'];
  }

  get listType(): ListType {
    const t = this.node['x-kubernetes-list-type'];
    if (t === 'set' || t === 'map' || t === 'atomic') return t;
    // kube's OpenAPI → SSA schema conversion reads the SMP tags when no list type is declared.
    if (this.patchStrategies.includes('merge')) return this.patchMergeKey ? 'map' : 'set';
    return 'atomic';
  }

  get listMapKeys(): readonly string[] {
    const keys = this.node['x-kubernetes-list-map-keys'];
    if (keys && keys.length > 0) return keys;
    return this.patchMergeKey ? [this.patchMergeKey] : [];
  }

  get atomicMap(): boolean {
    return this.node['x-kubernetes-map-type'] === 'atomic';
  }
}

// Follows $ref and single-element allOf (kube's v3 documents wrap refs in allOf to attach a description),
// keeping the extensions declared on the wrapper, which is where kube puts the list/patch annotations.
function deref(schema: PatchSchema, resolve: SchemaRefResolver): PatchSchema {
  let node = schema;
  const ext: PatchSchema = {};
  for (let depth = 0; depth < MAX_REF_DEPTH; depth++) {
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('x-kubernetes-') && !(k in ext)) (ext as Record<string, unknown>)[k] = v;
    }
    const target = node.$ref ?? (node.allOf?.length === 1 ? node.allOf[0] : undefined);
    if (target === undefined) break;
    const next = typeof target === 'string' ? resolve(target) : target;
    if (!next) break;
    node = next;
  }
  return { ...node, ...ext, $ref: undefined, allOf: undefined };
}

/** A PatchMeta over an OpenAPI v3 schema; `resolve` looks up `$ref`s (none resolve by default). */
export function patchMetaFromSchema(schema: PatchSchema | undefined, resolve: SchemaRefResolver = () => undefined): PatchMeta {
  return new SchemaPatchMeta(schema, resolve);
}

/** The PatchMeta of a node at `path` (field names; list/map positions are '*'). */
export function patchMetaAt(meta: PatchMeta, path: readonly string[]): PatchMeta {
  return path.reduce((m, p) => (p === '*' ? m.items() : m.field(p)), meta);
}

/**
 * ObjectMeta's merge semantics (finalizers a merged set, ownerReferences merged by uid, labels/annotations maps),
 * for types whose full schema is not known: enough for kubectl label/annotate/patch on any built-in kind.
 */
export const OBJECT_META_PATCH_SCHEMA: PatchSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: {
      type: 'array',
      items: { type: 'string' },
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'set',
    },
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          name: { type: 'string' },
          uid: { type: 'string' },
          controller: { type: 'boolean' },
          blockOwnerDeletion: { type: 'boolean' },
        },
      },
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'uid',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
    },
    managedFields: { type: 'array', items: { type: 'object' } },
  },
};

/**
 * The fallback schema of a kind whose schema is unknown: a struct with apiVersion, kind, ObjectMeta, and the given
 * top-level fields as granular maps.
 */
export function fallbackKindSchema(topLevelFields: readonly string[]): PatchSchema {
  const properties: Record<string, PatchSchema> = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: OBJECT_META_PATCH_SCHEMA,
  };
  for (const f of topLevelFields) properties[f] = {};
  return { type: 'object', properties };
}
