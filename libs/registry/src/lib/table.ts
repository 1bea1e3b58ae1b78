import type { KubeObject } from '@strata/apimachinery';
import { ageSince } from './human-duration';

/** One metav1.TableColumnDefinition. */
export interface TableColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

/** The printer columns of a resource and how to fill one row. */
export interface TableDefinition {
  readonly columns: readonly TableColumnDefinition[];
  /** The cells of one row, in column order, preformatted as kubectl prints them. */
  cells(obj: KubeObject, now: number): unknown[];
}

/** How much of each object a Table row carries (metav1.IncludeObjectPolicy). */
export type IncludeObjectPolicy = 'None' | 'Metadata' | 'Object';

/** A metav1.Table. */
export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: 'meta.k8s.io/v1';
  readonly metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  readonly columnDefinitions?: readonly TableColumnDefinition[];
  readonly rows: readonly { cells: unknown[]; object?: unknown }[];
}

export const NAME_COLUMN: TableColumnDefinition = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
};

export const AGE_COLUMN: TableColumnDefinition = {
  name: 'Age',
  type: 'string',
  format: '',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  priority: 0,
};

/** The AGE cell of an object. */
export function ageCell(obj: KubeObject, now: number): string {
  return ageSince(obj.metadata?.creationTimestamp, now);
}

function rowObject(obj: KubeObject, include: IncludeObjectPolicy): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  // kubectl decodes row.object by its kind/apiVersion, so PartialObjectMetadata must carry both.
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** Options of {@link toTable}. */
export interface ToTableOptions {
  readonly include?: IncludeObjectPolicy;
  /** Omit column definitions (watch events after the first, or ?noHeaders). */
  readonly noHeaders?: boolean;
  readonly now?: number;
  readonly listMeta?: Table['metadata'];
}

/** Converts objects to a metav1.Table with the definition's columns (kube's TableConvertor). */
export function toTable(def: TableDefinition, objects: readonly KubeObject[], opts: ToTableOptions = {}): Table {
  const now = opts.now ?? Date.now();
  const include = opts.include ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.listMeta ?? {},
    ...(opts.noHeaders ? {} : { columnDefinitions: def.columns }),
    rows: objects.map((obj) => {
      const object = rowObject(obj, include);
      return object === undefined ? { cells: def.cells(obj, now) } : { cells: def.cells(obj, now), object };
    }),
  };
}
