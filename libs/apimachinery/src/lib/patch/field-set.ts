/**
 * One step of a field path in kube's FieldsV1 encoding: `f:<field>`, `k:<json of key fields>` (an item of a map
 * list), `v:<json value>` (an item of a set list) or `i:<index>`.
 */
export type PathElement = string;

/** A field path: the steps from the object root. */
export type FieldPath = readonly PathElement[];

/** The element of field `name`. */
export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** The element of the map-list item whose key fields are `key` (serialized sorted by field name, like kube). */
export function keyElement(key: Record<string, unknown>): PathElement {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(key).sort()) sorted[k] = key[k];
  return `k:${JSON.stringify(sorted)}`;
}

/** The element of the set-list item `value`. */
export function valueElement(value: unknown): PathElement {
  return `v:${JSON.stringify(value)}`;
}

/** A path as fieldpath.Path.String() prints it: `.data.a`, `.spec.ports[name="http"]`, `.metadata.finalizers[="x"]`. */
export function fieldPathString(path: FieldPath): string {
  return path
    .map((e) => {
      const body = e.slice(2);
      if (e.startsWith('f:')) return `.${body}`;
      if (e.startsWith('v:')) return `[=${body}]`;
      if (e.startsWith('i:')) return `[${body}]`;
      const key = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    })
    .join('');
}

/**
 * A set of field paths (structured-merge-diff's fieldpath.Set) as a tree: a node is a member when the path to it
 * is in the set, and has children for longer paths. Immutable operations return new sets.
 */
export class FieldSet {
  private member = false;
  private readonly children = new Map<PathElement, FieldSet>();

  /** Adds `path` (ignored when empty: the root is never a member). */
  insert(path: FieldPath): this {
    if (path.length === 0) return this;
    (this.nodeAt(path, true) as FieldSet).member = true;
    return this;
  }

  private nodeAt(path: FieldPath, create: boolean): FieldSet | undefined {
    if (path.length === 0) return this;
    const [head, ...rest] = path;
    let next = this.children.get(head);
    if (!next && create) {
      next = new FieldSet();
      this.children.set(head, next);
    }
    return next?.nodeAt(rest, create);
  }

  /** Whether `path` is a member. */
  has(path: FieldPath): boolean {
    return path.length > 0 && this.nodeAt(path, false)?.member === true;
  }

  /** Whether `path` or a path below it is a member. */
  hasMemberUnder(path: FieldPath): boolean {
    const node = this.nodeAt(path, false);
    return node !== undefined && (node.member || !node.isEmpty());
  }

  /** Whether no path is a member. */
  isEmpty(): boolean {
    for (const child of this.children.values()) if (child.member || !child.isEmpty()) return false;
    return true;
  }

  /** Every member path, depth first in insertion order. */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (node: FieldSet, prefix: PathElement[]) => {
      for (const [e, child] of node.children) {
        const p = [...prefix, e];
        if (child.member) out.push(p);
        walk(child, p);
      }
    };
    walk(this, []);
    return out;
  }

  /** The members of this set or `other`. */
  union(other: FieldSet): FieldSet {
    const out = this.clone();
    for (const p of other.paths()) out.insert(p);
    return out;
  }

  /** The members of this set not in `other`. */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const p of this.paths()) if (!other.has(p)) out.insert(p);
    return out;
  }

  /** The members of both sets. */
  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const p of this.paths()) if (other.has(p)) out.insert(p);
    return out;
  }

  /** A deep copy. */
  clone(): FieldSet {
    const out = new FieldSet();
    for (const p of this.paths()) out.insert(p);
    return out;
  }

  /** Whether both sets hold the same members. */
  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  /** The FieldsV1 JSON (`{"f:data":{".":{},"f:a":{}}}`), keys sorted as kube writes them. */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.member && this.children.size > 0) out['.'] = {};
    for (const e of [...this.children.keys()].sort()) {
      const child = this.children.get(e) as FieldSet;
      if (child.member || !child.isEmpty()) out[e] = child.toFieldsV1();
    }
    return out;
  }

  /** Parses FieldsV1 JSON; throws Error on anything that is not an object tree of known element prefixes. */
  static fromFieldsV1(fields: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: unknown, prefix: PathElement[]) => {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new Error('fieldsV1 must be an object');
      const entries = Object.entries(node as Record<string, unknown>);
      if (entries.length === 0 && prefix.length > 0) set.insert(prefix);
      for (const [k, v] of entries) {
        if (k === '.') {
          set.insert(prefix);
          continue;
        }
        if (!/^[fkvi]:/.test(k)) throw new Error(`unknown field path element ${JSON.stringify(k)}`);
        walk(v, [...prefix, k]);
      }
    };
    walk(fields, []);
    return set;
  }
}
