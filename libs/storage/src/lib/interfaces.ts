/**
 * The storage contract (the shape of k8s.io/apiserver/pkg/storage.Interface, at the level of bytes).
 *
 * Implementations: `etcd3/` (direct etcd), `cacher/` (the watch cache in front of etcd3), `remote/` (a gRPC client
 * of the watch-cache service). One conformance suite (`testing/`) runs against each.
 *
 * Keys are full etcd keys (`/registry/<group>/<resource>/<cluster>/[<namespace>/]<name>`). A prefix used for a
 * range always ends with "/". Values are the encoded object (JSON bytes), already decrypted. Revisions are etcd
 * revisions (numbers: etcd's int64 stays far below 2^53 in practice).
 *
 * Errors are {@link StorageError}s with a {@link StorageErrorCode}; nothing here knows about HTTP.
 */

/** One stored key. */
export interface KeyValue {
  readonly key: string;
  readonly value: Uint8Array;
  readonly createRevision: number;
  readonly modRevision: number;
  /**
   * Where the value's top-level metadata object closes, when a storage checked that the value is canonical JSON
   * (canonicalJsonMetaClose of @strata/apimachinery: the watch-cache does, once per write), so a LIST can splice in
   * resourceVersion without scanning or parsing the value. Absent or 0: unknown. Whoever changes `value` drops it.
   */
  readonly jsonMetaClose?: number;
}

/** How a resourceVersion on a read is interpreted; mirrors metav1.ResourceVersionMatch. */
export type ResourceVersionMatch = '' | 'NotOlderThan' | 'Exact';

/** Options of {@link Storage.get}. */
export interface GetOptions {
  /** "" = most recent (consistent read), "0" = any, "N" = not older than N. */
  readonly resourceVersion?: string;
  readonly signal?: AbortSignal;
}

/** Result of {@link Storage.get}: the key-value and the revision the read was served at. */
export interface GetResult {
  readonly kv: KeyValue;
  readonly revision: number;
}

/** Options of {@link Storage.list}. */
export interface ListOptions {
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: ResourceVersionMatch;
  /** Page size; 0 or absent = everything. */
  readonly limit?: number;
  /** A continue token issued by a previous list of the same prefix. */
  readonly continueToken?: string;
  /** Kubernetes label selector string, evaluated on the decoded object's metadata.labels. */
  readonly labelSelector?: string;
  /** Kubernetes field selector string, evaluated on the decoded object (dotted JSON paths). */
  readonly fieldSelector?: string;
  readonly signal?: AbortSignal;
}

/** Result of {@link Storage.list}. */
export interface ListResult {
  readonly items: readonly KeyValue[];
  /** The revision the list was read at (the list's resourceVersion). */
  readonly revision: number;
  /** Non-empty when more items remain. */
  readonly continueToken: string;
  /** Items left after this page; only known without selectors. */
  readonly remainingItemCount?: number;
}

/** Result of a conditional write: either done, or lost the race with the current value for a retry. */
export type ConditionalResult =
  | { readonly succeeded: true; readonly kv: KeyValue }
  | { readonly succeeded: false; readonly current: KeyValue | undefined };

/** Options of {@link Storage.watch}. */
export interface WatchOptions {
  /** Watch every key under `key` (which must end with "/"). */
  readonly recursive: boolean;
  /** "" = send current state then changes (from the most recent revision); "0" = same, from any revision; "N" = changes after N. */
  readonly resourceVersion?: string;
  /** Send the current state as ADDED events first, then a bookmark with initialEventsEnd. */
  readonly sendInitialEvents?: boolean;
  /** Send BOOKMARK events. */
  readonly allowBookmarks?: boolean;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Aborting ends the iteration. */
  readonly signal?: AbortSignal;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

/** One watch event. */
export interface WatchEvent {
  readonly type: WatchEventType;
  /** ADDED/MODIFIED: the new value; DELETED: the last value with modRevision = the delete revision; BOOKMARK: absent. */
  readonly kv?: KeyValue;
  /** The value before this event, when known. */
  readonly prevKv?: KeyValue;
  /** The revision of the event; for a BOOKMARK, every event up to it has been delivered. */
  readonly revision: number;
  /** On a BOOKMARK: the initial events of sendInitialEvents are complete. */
  readonly initialEventsEnd?: boolean;
}

/**
 * At most this many prefixes in one {@link Storage.deletePrefixes}: etcd's default --max-txn-ops (128), the most
 * operations one Txn may hold. An etcd run with a lower --max-txn-ops rejects a larger Txn with InvalidArgument.
 */
export const MAX_DELETE_PREFIXES = 128;

/** Options of {@link Storage.deletePrefixes}. */
export interface DeletePrefixesOptions {
  /** Prefixes (each ending in "/", at most {@link MAX_DELETE_PREFIXES}) that must hold no key for the delete to happen. */
  readonly requireEmpty?: readonly string[];
  /**
   * Single keys deleted in the same Txn, each only while its mod revision is still `expectedModRevision` (it must
   * exist; a positive integer, else InvalidArgument). None may lie under one of the prefixes, nor twice
   * (InvalidArgument). Prefixes and keys together count against {@link MAX_DELETE_PREFIXES}, and so do requireEmpty
   * prefixes and keys together (the Txn's compares). A key that changed or vanished fails the whole Txn with Conflict
   * (the error's `key` names the first such in the given order; it is named before an occupied requireEmpty prefix),
   * deleting nothing — e.g. a purged workspace's own Workspace object, deleted with its content once
   * its finalizer's work is done, as kube deletes an object whose last finalizer is removed.
   */
  readonly deleteKeys?: readonly ConditionalKey[];
  readonly signal?: AbortSignal;
}

/** A key and the mod revision it must still have for a conditional write of it to happen. */
export interface ConditionalKey {
  readonly key: string;
  readonly expectedModRevision: number;
}

/** One key and value of a {@link Storage.createAll}. */
export interface CreateItem {
  readonly key: string;
  readonly value: Uint8Array;
  /**
   * When set (> 0), the item is not a create but a conditional overwrite in the same Txn: the key must exist with
   * this mod revision (a changed or missing key fails the whole Txn with Conflict). 0 or absent: a create; anything
   * but a non-negative integer: InvalidArgument. E.g. a Workspace's status
   * written in the revision that creates its content.
   */
  readonly expectedModRevision?: number;
}

/** At most this many keys in one {@link Storage.createAll} (etcd's default --max-txn-ops, as for deletePrefixes). */
export const MAX_CREATE_ALL = 128;

/**
 * The storage interface. Every method rejects with a {@link StorageError} on an expected failure.
 */
export interface Storage {
  /** Rejects KeyNotFound when absent; ResourceVersionTooLarge when asked for a revision the store cannot reach in time. */
  get(key: string, opts?: GetOptions): Promise<GetResult>;
  /** Rejects InvalidArgument for a bad prefix/token/RV; ResourceVersionExpired when the revision was compacted. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /**
   * Optional: the same list as {@link list} in chunks as they arrive, so a caller can write a large answer out
   * while the rest is still coming (use `listInChunks`, which falls back to list()). Each chunk holds items in key
   * order and the list's revision; continueToken and remainingItemCount are only on the last. Fails like list()
   * before the first chunk; a failure after it ends the iteration with the StorageError.
   */
  listChunks?(prefix: string, opts?: ListOptions): AsyncIterable<ListResult>;
  /** Rejects KeyExists when the key exists. */
  create(key: string, value: Uint8Array, opts?: { ttlSeconds?: number; signal?: AbortSignal }): Promise<KeyValue>;
  /**
   * Create every key in one etcd Txn (If CreateRevision(k) == 0 for each Then Put each): one revision, all or
   * none. Rejects KeyExists, writing nothing, when any key exists (the error's `key` is the first such item in the
   * given order); InvalidArgument for no items, a repeated key or more than {@link MAX_CREATE_ALL}. Resolves with
   * the created KeyValues in the given order. For objects that must be born together: a Workspace and the
   * tombstone of its logical cluster id, or a workspace's bootstrap objects. An item with `expectedModRevision`
   * overwrites its existing key instead (compare ModRevision == expected in the same Txn; its KeyValue keeps the
   * key's createRevision); when it fails (and no create's key exists) the call rejects Conflict naming that key.
   * When several items fail, the error is the first failing item's in the given order, KeyExists before Conflict:
   * a create whose key exists is named even when an overwrite before it failed too.
   */
  createAll(items: readonly CreateItem[], opts?: { signal?: AbortSignal }): Promise<KeyValue[]>;
  /** Compare-and-swap on modRevision. Rejects KeyNotFound when the key does not exist. */
  update(
    key: string,
    value: Uint8Array,
    expectedModRevision: number,
    opts?: { ttlSeconds?: number; signal?: AbortSignal },
  ): Promise<ConditionalResult>;
  /** Delete, conditionally on modRevision when expectedModRevision > 0. Rejects KeyNotFound when absent. */
  delete(key: string, opts?: { expectedModRevision?: number; signal?: AbortSignal }): Promise<ConditionalResult>;
  /** Delete every key under the prefix (ending in "/"); returns how many and the revision. */
  deletePrefix(prefix: string, opts?: { signal?: AbortSignal }): Promise<{ deleted: number; revision: number }>;
  /**
   * Delete every key under each prefix (each ending in "/") in one etcd Txn: one revision, all or nothing.
   * Rejects InvalidArgument for an empty list, a prefix without the "/", or more than
   * {@link MAX_DELETE_PREFIXES} prefixes (etcd's default --max-txn-ops: the caller splits, knowing a split is
   * no longer atomic). Returns how many keys went in total and the revision. With `requireEmpty`, the Txn first
   * compares that no key exists under any of those prefixes (etcd: CreateRevision == 0 over the range) and, when
   * one does, deletes nothing and rejects with Conflict — e.g. a workspace purge that must not take a child
   * workspace created after its last look.
   */
  deletePrefixes(prefixes: readonly string[], opts?: DeletePrefixesOptions): Promise<{ deleted: number; revision: number }>;
  /** Count keys under the prefix (ending in "/"). */
  count(prefix: string, opts?: { signal?: AbortSignal }): Promise<number>;
  /** etcd's current revision (linearizable). */
  currentRevision(opts?: { signal?: AbortSignal }): Promise<number>;
  /**
   * Watch a key or prefix. The iterator ends when the signal aborts; it throws a StorageError
   * (ResourceVersionExpired: relist) when the watch cannot continue.
   */
  watch(key: string, opts: WatchOptions): AsyncIterable<WatchEvent>;
}
