import type { FieldError, KubeObject } from '@strata/apimachinery';
import type { ResourceInfo } from './resource-info';
import type { TableDefinition } from './table';

/**
 * The per-resource behaviour the generic store calls, in the order of k8s.io/apiserver's rest.BeforeCreate /
 * rest.BeforeUpdate: prepare (reset fields the user may not set), validate (field errors → 422 Invalid),
 * canonicalize. Strategies mutate the object they are given; the store hands them a private copy.
 */
export interface ResourceStrategy {
  /** Clears status and other server-owned fields of a new object. */
  prepareForCreate(obj: KubeObject): void;
  /** Carries server-owned fields over from `old`. */
  prepareForUpdate(obj: KubeObject, old: KubeObject): void;
  /** Field errors of a new object (metadata included); empty when valid. */
  validate(obj: KubeObject): FieldError[];
  /** Field errors of an update (metadata immutability included); empty when valid. */
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
}

/** Everything the registry knows about one resource. */
export interface ResourceDefinition {
  readonly info: ResourceInfo;
  readonly strategy: ResourceStrategy;
  readonly table: TableDefinition;
  /** Top-level fields of the kind besides apiVersion/kind/metadata; anything else is an unknown field. */
  readonly topLevelFields: readonly string[];
  /** Field selector paths beyond metadata.name and metadata.namespace. */
  readonly extraSelectableFields: readonly string[];
  /** Whether DELETE answers with the deleted object (true) or with a Status Success (kube's default). */
  readonly returnDeletedObject: boolean;
  /**
   * Field selector name → dotted path in the stored object, for selectable fields whose name is not their path
   * (kube's field label conversion, e.g. events.k8s.io `regarding.name` → `involvedObject.name`). Unlisted fields
   * are their own path.
   */
  readonly fieldLabelPaths?: Readonly<Record<string, string>>;
  /** Objects live under another resource's keys in another representation (events.k8s.io/v1 → core/v1 events). */
  readonly storedAs?: StoredRepresentation;
  /** Every write (re)sets a storage lease of this many seconds (kube's --event-ttl for events). */
  readonly ttlSeconds?: number;
}

/**
 * Where and how a resource that shares another resource's storage keeps its objects (kube's storage version):
 * the strategy runs on the stored form; clients see the served form.
 */
export interface StoredRepresentation {
  /** The resource whose keys hold the objects. */
  readonly resource: Pick<ResourceInfo, 'group' | 'plural' | 'namespaced'>;
  /** Served form (kind/apiVersion already set) → stored form. Pure: returns a new object. */
  toStorage(obj: KubeObject): KubeObject;
  /** Stored form → served form (sets kind/apiVersion). Pure: returns a new object. */
  fromStorage(obj: KubeObject): KubeObject;
}
