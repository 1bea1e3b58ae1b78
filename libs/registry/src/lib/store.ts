import {
  OptimisticLockErrorMsg,
  generateNameSuffix,
  isStatusError,
  newBadRequest,
  newConflict,
  newInvalid,
  newUID,
  nowRFC3339,
} from '@strata/apimachinery';
import type { GroupResource, KubeObject, Status } from '@strata/apimachinery';
import { StorageError, StorageErrorCode, isStorageError, listInChunks } from '@strata/storage';
import type { KeyValue, ListOptions, ListResult, Storage } from '@strata/storage';
import { decodeObject, encodeObject } from './codec';
import { buildListJson, buildListJsonPiece } from './codec-json-splice';
import { listPrefix, objectKey } from './keys';
import { apiVersionOf } from './resource-info';
import { jsonEqual } from './stable-json';
import { toStatusError } from './storage-errors';
import type { StorageOperation } from './storage-errors';
import type { ResourceDefinition } from './strategy';
import { validateListOptions } from './list-options';
import type { ListRequest, ValidatedListOptions } from './list-options';
import { watchObjects } from './store-watch';
import { WILDCARD_CLUSTER } from './clusters/cluster-id';
import { annotateCluster, checkWorkspaceContinue, fromWildcardContinue, toWildcardContinue, wildcardPrefix } from './clusters/wildcard';
import {
  checkDeletePreconditions,
  finalizersForDeletion,
  markAsDeleting,
  shouldDeleteDuringUpdate,
  validateDeleteOptions,
  validateNoNewFinalizers,
} from './deletion';
import type { DeleteOptions } from './deletion';
import type { ObjectWatchEvent } from './store-watch';

/** Where a request operates: the logical cluster and, for namespaced resources, the namespace from the URL. */
export interface RequestScope {
  readonly cluster: string;
  /**
   * The workspace path of `cluster` (`root`, `root:acme`) when the request knows it without a read: the URL named
   * it, or the cluster resolver remembers it. Absent otherwise (an id the resolver did not see); stores that need
   * it (a Workspace's URL) read it then.
   */
  readonly workspacePath?: string;
  /** The namespace from the URL; absent for cluster-scoped resources and cross-namespace lists/watches. */
  readonly namespace?: string;
  readonly signal?: AbortSignal;
  /** The authenticated caller, for resources that answer about the requester (selfsubjectreviews). */
  readonly user?: RequestUser;
}

/** The authenticated user of a request (k8s.io/apiserver user.Info). */
export interface RequestUser {
  readonly username: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** What a namespaced create is creating, for the wording of admission errors. */
export interface NamespacedCreateTarget {
  readonly resource: GroupResource;
  /** The object's name (its generateName while the name is not generated yet). */
  readonly name: string;
}

/** Admission for namespaced creates: rejects (NotFound/Forbidden StatusError) unless the namespace accepts content. */
export interface NamespaceGate {
  ensureNamespace(cluster: string, namespace: string, target: NamespacedCreateTarget, signal?: AbortSignal): Promise<void>;
}

/** Called after an object was deleted (namespaces purge their contents). Errors reach the client as Status. */
export type AfterDeleteHook = (scope: RequestScope, deleted: KubeObject) => Promise<void>;

/** Dependencies of a {@link GenericStore}. */
export interface GenericStoreOptions {
  readonly storage: Storage;
  readonly resource: ResourceDefinition;
  /** Required for namespaced resources. */
  readonly namespaceGate?: NamespaceGate;
  readonly afterDelete?: AfterDeleteHook;
}

/** Options of writes. */
export interface WriteOptions {
  /** dryRun=All: run everything up to the write, store nothing. */
  readonly dryRun?: boolean;
}

export type { DeleteOptions, Preconditions } from './deletion';

/** What a DELETE did: `deleted` is false while finalizers hold the object (it answers the object). */
export interface DeleteOutcome {
  readonly result: KubeObject | Status;
  readonly deleted: boolean;
}

/** A list response (e.g. ConfigMapList). */
export interface ObjectList {
  readonly kind: string;
  readonly apiVersion: string;
  readonly metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  readonly items: KubeObject[];
}

// kube's maxNameGenerationCreateAttempts (RetryGenerateName, GA in 1.32).
const GENERATE_NAME_ATTEMPTS = 8;
// A bound on the optimistic-concurrency loops; each lost race means someone else wrote, so this is generous.
const MAX_CAS_ATTEMPTS = 16;

/**
 * The generic registry store (k8s.io/apiserver genericregistry.Store): turns API verbs into storage calls for
 * one resource, running the resource's strategy in kube's order. Every method rejects only with StatusErrors.
 */
export class GenericStore {
  readonly resource: ResourceDefinition;
  protected readonly storage: Storage;
  private readonly gr: GroupResource;

  constructor(private readonly opts: GenericStoreOptions) {
    this.resource = opts.resource;
    this.storage = opts.storage;
    this.gr = { group: opts.resource.info.group, resource: opts.resource.info.plural };
    if (opts.resource.info.namespaced && !opts.namespaceGate) {
      throw new Error(`namespaced resource ${opts.resource.info.plural} needs a namespace gate`);
    }
  }

  private key(scope: RequestScope, name: string): string {
    return objectKey(this.storedResource, scope.cluster, scope.namespace, name);
  }

  /** Where objects are stored: the resource itself, or the resource whose representation it shares. */
  private get storedResource(): Pick<ResourceDefinition['info'], 'group' | 'plural' | 'namespaced'> {
    return this.resource.storedAs?.resource ?? this.resource.info;
  }

  /** A stored object as clients see it. */
  private served(obj: KubeObject): KubeObject {
    return this.resource.storedAs ? this.resource.storedAs.fromStorage(obj) : obj;
  }

  private writeOptions(scope: RequestScope): { ttlSeconds?: number; signal?: AbortSignal } {
    return this.resource.ttlSeconds ? { ttlSeconds: this.resource.ttlSeconds, signal: scope.signal } : { signal: scope.signal };
  }

  private fail(err: unknown, operation: StorageOperation, name: string, requestedRevision?: number): never {
    throw toStatusError(err, { resource: this.gr, name, operation, requestedRevision });
  }

  private invalid(obj: KubeObject, errs: ReturnType<ResourceDefinition['strategy']['validate']>): void {
    if (errs.length > 0) {
      throw newInvalid({ group: this.resource.info.group, kind: this.resource.info.kind }, obj.metadata?.name ?? '', errs);
    }
  }

  /** Sets kind/apiVersion and reconciles metadata.namespace with the URL (kube's EnsureObjectNamespaceMatchesRequestNamespace). */
  private normalize(scope: RequestScope, obj: KubeObject): KubeObject {
    const info = this.resource.info;
    const copy = structuredClone(obj);
    copy.kind = info.kind;
    copy.apiVersion = apiVersionOf(info);
    copy.metadata = copy.metadata ?? {};
    // Go's omitempty on ObjectMeta: kube never stores or returns these fields empty (e.g. after `label k-`).
    const meta = copy.metadata as Record<string, unknown>;
    for (const field of ['labels', 'annotations', 'finalizers', 'ownerReferences']) {
      const v = meta[field];
      if (v !== null && typeof v === 'object' && Object.keys(v).length === 0) delete meta[field];
    }
    if (info.namespaced) {
      if (!copy.metadata.namespace) copy.metadata.namespace = scope.namespace;
      else if (scope.namespace && copy.metadata.namespace !== scope.namespace) {
        throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
    } else {
      delete copy.metadata.namespace;
    }
    return copy;
  }

  /** A served object in its stored form (the strategy validates the stored form, as kube validates internal types). */
  private toStored(obj: KubeObject): KubeObject {
    return this.resource.storedAs ? this.resource.storedAs.toStorage(obj) : obj;
  }

  /** GET: the object (NotFound when absent). `resourceVersion` follows kube's get semantics. */
  async get(scope: RequestScope, name: string, resourceVersion?: string): Promise<KubeObject> {
    try {
      const res = await this.storage.get(this.key(scope, name), { resourceVersion, signal: scope.signal });
      return this.served(decodeObject(res.kv));
    } catch (err) {
      this.fail(err, 'get', name, Number(resourceVersion) || undefined);
    }
  }

  /** LIST: one namespace or (without scope.namespace) all; validates the options first (400/422). */
  async list(scope: RequestScope, req: ListRequest): Promise<ObjectList> {
    return this.listPage(scope, req, (head, kvs) => ({ ...head, items: kvs.map((kv) => this.listItem(scope, kv)) }));
  }

  /**
   * LIST as its JSON body: exactly the bytes of `JSON.stringify(await this.list(scope, req))`, built without
   * decoding objects where that is safe (kube's cacher serializes once too): a stored object in encodeObject's
   * canonical form is spliced in with its resourceVersion (buildListJson); anything else, converted
   * representations (storedAs), `/clusters/*` annotations and subclasses that override list() take the decoded
   * path. Rejects like list().
   */
  async listJson(scope: RequestScope, req: ListRequest): Promise<Buffer> {
    if (this.list !== GenericStore.prototype.list) return Buffer.from(JSON.stringify(await this.list(scope, req)));
    const splice = !this.resource.storedAs && scope.cluster !== WILDCARD_CLUSTER;
    return this.listPage(scope, req, (head, kvs) => {
      // items is the last property, so the head's JSON ends with `"items":[]}`.
      const headJson = JSON.stringify({ ...head, items: [] });
      return buildListJson(headJson.slice(0, -2), kvs, splice, (kv) => JSON.stringify(this.listItem(scope, kv)));
    });
  }

  /**
   * LIST as its JSON body (the bytes of listJson), either whole or — for a whole list (no limit) over a storage that
   * lists in chunks — as pieces written while the rest is still arriving: the promise resolves once the first chunk
   * is in, so a failing list rejects here like list() (a Status before any byte is sent); a failure after that makes
   * the iteration throw a StatusError, the body then being incomplete. A page (limit) is built whole: its continue
   * token, written ahead of the items, is only known at its end.
   */
  async listJsonPieces(scope: RequestScope, req: ListRequest): Promise<Buffer | AsyncIterable<Buffer>> {
    const opts = validateListOptions(this.resource, req);
    if (this.list !== GenericStore.prototype.list || opts.limit) return this.listJson(scope, req);
    const fail = (err: unknown): never => this.fail(err, 'list', '', Number(req.resourceVersion) || undefined);
    let chunks: AsyncIterator<ListResult>;
    let first: IteratorResult<ListResult>;
    try {
      chunks = listInChunks(this.storage, this.listPrefix(scope), this.storageListOptions(scope, opts))[Symbol.asyncIterator]();
      first = await chunks.next();
    } catch (err) {
      return fail(err);
    }
    if (first.done) return fail(new StorageError(StorageErrorCode.Internal, 'the list ended without a chunk'));
    const splice = !this.resource.storedAs && scope.cluster !== WILDCARD_CLUSTER;
    const encode = (kv: KeyValue) => JSON.stringify(this.listItem(scope, kv));
    // items is the last property, so the head's JSON ends with `"items":[]}`.
    const head = JSON.stringify({ ...this.listHead(scope, first.value), items: [] }).slice(0, -2);
    const firstItems = first.value.items;
    return (async function* pieces(): AsyncGenerator<Buffer> {
      try {
        let afterItem = firstItems.length > 0;
        yield buildListJsonPiece(head, firstItems, false, splice, encode, '');
        for (;;) {
          let next: IteratorResult<ListResult>;
          try {
            next = await chunks.next();
          } catch (err) {
            return fail(err);
          }
          if (next.done) break;
          // A whole list has neither; the head, already written, could not say them anyway.
          if (next.value.continueToken || next.value.remainingItemCount) {
            fail(new StorageError(StorageErrorCode.Internal, 'a list without a limit came back paginated'));
          }
          yield buildListJsonPiece('', next.value.items, afterItem, splice, encode, '');
          afterItem ||= next.value.items.length > 0;
        }
        yield Buffer.from(']}');
      } finally {
        // A reader that stopped early (the client went away) ends the storage's stream too.
        await chunks.return?.();
      }
    })();
  }

  /** One storage list page; `build` turns it into the response (inside the error translation). */
  private async listPage<T>(scope: RequestScope, req: ListRequest, build: (head: Omit<ObjectList, 'items'>, kvs: readonly KeyValue[]) => T): Promise<T> {
    const opts = validateListOptions(this.resource, req);
    try {
      const res = await this.storage.list(this.listPrefix(scope), this.storageListOptions(scope, opts));
      return build(this.listHead(scope, res), res.items);
    } catch (err) {
      this.fail(err, 'list', '', Number(req.resourceVersion) || undefined);
    }
  }

  /** The storage's list options for validated API options; rejects a continue token of the other kind of list. */
  private storageListOptions(scope: RequestScope, opts: ValidatedListOptions): ListOptions {
    const wildcard = scope.cluster === WILDCARD_CLUSTER;
    // Tokens of a wildcard list and of a workspace list are relative to different prefixes: never interchangeable.
    const token = opts.continueToken && (wildcard ? fromWildcardContinue(opts.continueToken) : checkWorkspaceContinue(opts.continueToken));
    return { ...opts, ...(token ? { continueToken: token } : {}), signal: scope.signal };
  }

  /** A list response without its items. */
  private listHead(scope: RequestScope, res: ListResult): Omit<ObjectList, 'items'> {
    const info = this.resource.info;
    const metadata: ObjectList['metadata'] = { resourceVersion: String(res.revision) };
    if (res.continueToken) metadata.continue = scope.cluster === WILDCARD_CLUSTER ? toWildcardContinue(res.continueToken) : res.continueToken;
    if (res.remainingItemCount !== undefined && res.remainingItemCount > 0) {
      metadata.remainingItemCount = res.remainingItemCount;
    }
    return { kind: info.listKind, apiVersion: apiVersionOf(info), metadata };
  }

  /** WATCH: validated options, then a stream of decoded events; iteration errors are StatusErrors. */
  watch(scope: RequestScope, req: ListRequest & { allowWatchBookmarks?: boolean; sendInitialEvents?: boolean }): AsyncIterable<ObjectWatchEvent> {
    const opts = validateListOptions(this.resource, req, true);
    const info = this.resource.info;
    return watchObjects(this.storage, {
      prefix: this.listPrefix(scope),
      info,
      options: {
        recursive: true,
        resourceVersion: opts.resourceVersion,
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        allowBookmarks: req.allowWatchBookmarks ?? false,
        sendInitialEvents: req.sendInitialEvents,
        signal: scope.signal,
      },
      ...(this.resource.storedAs || scope.cluster === WILDCARD_CLUSTER ? { convert: (obj: KubeObject, key: string) => this.watchItem(scope, obj, key) } : {}),
      toError: (err) => toStatusError(err, { resource: this.gr, name: '', operation: 'watch', requestedRevision: Number(req.resourceVersion) || undefined }),
    });
  }

  private listPrefix(scope: RequestScope): string {
    if (scope.cluster === WILDCARD_CLUSTER) return wildcardPrefix(this.storedResource);
    return listPrefix(this.storedResource, scope.cluster, scope.namespace);
  }

  /** A listed object as served; across all workspaces (`/clusters/*`) annotated with its logical cluster. */
  private listItem(scope: RequestScope, kv: KeyValue): KubeObject {
    return this.watchItem(scope, decodeObject(kv), kv.key);
  }

  private watchItem(scope: RequestScope, stored: KubeObject, key: string): KubeObject {
    const obj = this.served(stored);
    return scope.cluster === WILDCARD_CLUSTER ? annotateCluster(obj, this.listPrefix(scope), key) : obj;
  }

  private async exists(key: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.storage.get(key, { signal });
      return true;
    } catch (err) {
      if (isStorageError(err, StorageErrorCode.KeyNotFound)) return false;
      throw err;
    }
  }

  /**
   * CREATE (POST): namespace admission, generateName, system fields, strategy prepare + validate, then a write
   * that fails with AlreadyExists when the name is taken (retried with a new suffix for generated names).
   */
  async create(scope: RequestScope, input: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    const obj = this.toStored(this.normalize(scope, input));
    const info = this.resource.info;
    if (info.namespaced && obj.metadata.namespace) {
      const target = { resource: this.gr, name: obj.metadata.name || obj.metadata.generateName || 'Unknown' };
      await this.opts.namespaceGate?.ensureNamespace(scope.cluster, obj.metadata.namespace, target, scope.signal);
    }
    const generated = !obj.metadata.name && !!obj.metadata.generateName;
    for (let attempt = 1; ; attempt++) {
      const candidate = structuredClone(obj);
      if (generated) candidate.metadata.name = `${candidate.metadata.generateName}${generateNameSuffix()}`;
      candidate.metadata.uid = newUID();
      candidate.metadata.creationTimestamp = nowRFC3339();
      delete candidate.metadata.resourceVersion;
      delete candidate.metadata.deletionTimestamp;
      delete candidate.metadata.deletionGracePeriodSeconds;
      delete candidate.metadata.generation;
      this.resource.strategy.prepareForCreate(candidate);
      this.invalid(candidate, this.resource.strategy.validate(candidate));
      const name = candidate.metadata.name ?? '';
      const key = objectKey(this.storedResource, scope.cluster, candidate.metadata.namespace, name);
      if (opts.dryRun) {
        if (await this.exists(key, scope.signal)) this.fail(storageError(StorageErrorCode.KeyExists, key), 'create', name);
        return this.served(candidate);
      }
      try {
        return this.served(decodeObject(await this.writeCreate(scope, key, candidate)));
      } catch (err) {
        if (generated && attempt < GENERATE_NAME_ATTEMPTS && isStorageError(err, StorageErrorCode.KeyExists)) continue;
        this.fail(err, 'create', name);
      }
    }
  }

  /**
   * How {@link GenericStore.create} writes a prepared, validated object under `key` (never on dryRun): one
   * storage create. A store whose objects are born together with other keys overrides it (a Workspace and the
   * tombstone of its logical cluster id, in one Txn). Resolves with the stored key-value of `key`; rejects with a
   * StorageError (KeyExists for `key` = the name is taken, which a generated name retries) or a StatusError.
   */
  protected writeCreate(scope: RequestScope, key: string, obj: KubeObject): Promise<KeyValue> {
    return this.storage.create(key, encodeObject(obj), this.writeOptions(scope));
  }

  /**
   * UPDATE (PUT), kube's GuaranteedUpdate: read, check the client's resourceVersion (409 Conflict when stale; absent
   * = unconditional), prepare + validate against the current object, skip the write when nothing changed, then
   * compare-and-swap on modRevision, retrying lost races of unconditional updates.
   */
  async update(scope: RequestScope, name: string, input: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    const obj = this.toStored(this.normalize(scope, input));
    if (obj.metadata.name !== name) {
      throw newBadRequest(`the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${name})`);
    }
    const wanted = obj.metadata.resourceVersion;
    const key = this.key(scope, name);
    let current: KeyValue | undefined;
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      try {
        current = current ?? (await this.storage.get(key, { signal: scope.signal })).kv;
      } catch (err) {
        this.fail(err, 'update', name);
      }
      if (wanted && wanted !== String(current.modRevision)) {
        throw newConflict(this.gr, name, OptimisticLockErrorMsg);
      }
      const old = decodeObject(current);
      const next = structuredClone(obj);
      next.metadata.generation = old.metadata.generation;
      if (next.metadata.generation === undefined) delete next.metadata.generation;
      next.metadata.uid = next.metadata.uid || old.metadata.uid;
      next.metadata.creationTimestamp = old.metadata.creationTimestamp;
      next.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      if (next.metadata.deletionTimestamp === undefined) delete next.metadata.deletionTimestamp;
      next.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      if (next.metadata.deletionGracePeriodSeconds === undefined) delete next.metadata.deletionGracePeriodSeconds;
      this.resource.strategy.prepareForUpdate(next, old);
      this.invalid(next, [...validateNoNewFinalizers(next, old), ...this.resource.strategy.validateUpdate(next, old)]);
      next.metadata.resourceVersion = old.metadata.resourceVersion;
      if (this.shouldDeleteDuringUpdate(next, old)) {
        const gone = await this.completeDeletion(scope, key, name, current, opts.dryRun);
        if (gone === true) return this.served(next);
        current = gone;
        continue;
      }
      if (jsonEqual(next, old) || opts.dryRun) return this.served(next);
      try {
        const res = await this.storage.update(key, encodeObject(next), current.modRevision, this.writeOptions(scope));
        if (res.succeeded) return this.served(decodeObject(res.kv));
        if (!res.current) this.fail(storageError(StorageErrorCode.KeyNotFound, key), 'update', name);
        current = res.current;
      } catch (err) {
        this.fail(err, 'update', name);
      }
    }
    throw newConflict(this.gr, name, OptimisticLockErrorMsg);
  }

  /**
   * kube's GuaranteedUpdate for read-modify-write verbs (PATCH, apply, PUT): reads the object, lets `tryUpdate`
   * compute the new one from it and writes that through {@link GenericStore.update} (prepare, validate, no-op
   * detection, dryRun) conditionally on the revision read; a lost race re-reads and calls `tryUpdate` again. With
   * `allowCreate`, an absent object is created from `tryUpdate(undefined)` (server-side apply); else absence is
   * 404. A resourceVersion in the new object other than the one read is a 409 Conflict (the client's
   * precondition). `tryUpdate` may throw a StatusError to refuse; the method rejects only with StatusErrors.
   */
  async guaranteedUpdate(
    scope: RequestScope,
    name: string,
    tryUpdate: (current: KubeObject | undefined) => KubeObject | Promise<KubeObject>,
    opts: WriteOptions & { allowCreate?: boolean } = {},
  ): Promise<{ object: KubeObject; created: boolean }> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      let current: KubeObject | undefined;
      try {
        current = await this.get(scope, name);
      } catch (err) {
        if (!opts.allowCreate || !isStatusError(err, 'NotFound')) throw err;
      }
      if (!current) {
        const fresh = await tryUpdate(undefined);
        if (fresh.metadata?.name !== name) {
          throw newBadRequest(`the name of the object (${fresh.metadata?.name ?? ''}) does not match the name on the URL (${name})`);
        }
        try {
          return { object: await this.create(scope, fresh, opts), created: true };
        } catch (err) {
          if (isStatusError(err, 'AlreadyExists')) continue;
          throw err;
        }
      }
      const next = await tryUpdate(current);
      const read = current.metadata.resourceVersion;
      if (next.metadata?.resourceVersion && next.metadata.resourceVersion !== read) {
        throw newConflict(this.gr, name, OptimisticLockErrorMsg);
      }
      try {
        const object = await this.update(scope, name, { ...next, metadata: { ...next.metadata, resourceVersion: read } }, opts);
        return { object, created: false };
      } catch (err) {
        // Someone wrote between our read and our write: recompute from their object.
        if (isStatusError(err, 'Conflict') && err.message.endsWith(OptimisticLockErrorMsg)) continue;
        throw err;
      }
    }
    throw newConflict(this.gr, name, OptimisticLockErrorMsg);
  }

  /** DELETE as the client sees it: see {@link GenericStore.deleteObject}. */
  async delete(scope: RequestScope, name: string, opts: DeleteOptions = {}): Promise<KubeObject | Status> {
    return (await this.deleteObject(scope, name, opts)).result;
  }

  /**
   * DELETE, kube's genericregistry.Store.Delete for types without graceful deletion: validates the options (422
   * Invalid DeleteOptions), checks preconditions (409 Conflict), sets the propagation finalizers, then either records
   * the deletion when finalizers remain (deletionTimestamp, deletionGracePeriodSeconds 0; answers the object,
   * `deleted: false`) or deletes conditionally on the read modRevision (retrying lost races), runs the after-delete
   * hook and answers the deleted object or a Status Success naming it. dryRun does everything but the write.
   */
  async deleteObject(scope: RequestScope, name: string, opts: DeleteOptions = {}): Promise<DeleteOutcome> {
    validateDeleteOptions(opts);
    const key = this.key(scope, name);
    let current: KeyValue | undefined;
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      try {
        current = current ?? (await this.storage.get(key, { signal: scope.signal })).kv;
      } catch (err) {
        this.fail(err, 'delete', name);
      }
      const old = decodeObject(current);
      checkDeletePreconditions({ group: this.resource.info.group, kind: this.resource.info.kind }, old, opts.preconditions);
      const { finalizers } = finalizersForDeletion(old, opts);
      if (finalizers.length > 0) {
        const next = structuredClone(old);
        next.metadata.finalizers = finalizers;
        markAsDeleting(next, nowRFC3339());
        this.prepareDeletionMark(next);
        if (opts.dryRun || jsonEqual(next, old)) return { result: this.served(next), deleted: false };
        const written = await this.writeIfUnchanged(scope, key, name, next, current.modRevision, 'delete');
        if (written.succeeded) return { result: this.served(decodeObject(written.kv)), deleted: false };
        current = written.current;
        continue;
      }
      if (opts.dryRun) return { result: this.deleteResult(this.served(old)), deleted: true };
      const gone = await this.deleteIfUnchanged(scope, key, name, current.modRevision);
      if (gone.succeeded) return { result: this.deleteResult(this.served(gone.kv)), deleted: true };
      current = gone.current;
    }
    throw newConflict(this.gr, name, OptimisticLockErrorMsg);
  }

  /**
   * Edits an object a DELETE holds back (finalizers remain) before it is written with its deletionTimestamp: what a
   * type shows while it is being deleted goes into that same write. Default: nothing.
   */
  protected prepareDeletionMark(_next: KubeObject): void {
    // Most types show deletion through deletionTimestamp alone.
  }

  /**
   * kube's ShouldDeleteDuringUpdate: whether an update of `old` into `next` completes a pending deletion (no
   * finalizers left). Stores of types with more finalizers (namespaces: spec.finalizers) narrow it.
   */
  protected shouldDeleteDuringUpdate(next: KubeObject, old: KubeObject): boolean {
    return shouldDeleteDuringUpdate(next, old);
  }

  /**
   * kube's deleteWithoutFinalizers for an update that emptied the finalizers: deletes conditionally on the
   * modRevision the update read and runs the after-delete hook. True when the object is gone (also when someone
   * else deleted it first); otherwise the current value, for the caller's retry. Nothing happens on dryRun.
   */
  protected async completeDeletion(scope: RequestScope, key: string, name: string, read: KeyValue, dryRun?: boolean): Promise<true | KeyValue> {
    if (dryRun) return true;
    try {
      const res = await this.storage.delete(key, { expectedModRevision: read.modRevision, signal: scope.signal });
      if (res.succeeded) {
        await this.runAfterDelete(scope, name, decodeObject(res.kv));
        return true;
      }
      return res.current ?? true;
    } catch (err) {
      if (isStorageError(err, StorageErrorCode.KeyNotFound)) return true;
      this.fail(err, 'update', name);
    }
  }

  /** The stored key-value of one object (NotFound/other failures as StatusErrors worded for `operation`). */
  protected async readCurrent(scope: RequestScope, name: string, operation: StorageOperation): Promise<KeyValue> {
    try {
      return (await this.storage.get(this.key(scope, name), { signal: scope.signal })).kv;
    } catch (err) {
      this.fail(err, operation, name);
    }
  }

  /** A compare-and-swap write on the delete path; rejects NotFound when the object went away. */
  protected async writeIfUnchanged(
    scope: RequestScope,
    key: string,
    name: string,
    next: KubeObject,
    modRevision: number,
    operation: StorageOperation,
  ): Promise<{ succeeded: true; kv: KeyValue } | { succeeded: false; current: KeyValue }> {
    try {
      const res = await this.storage.update(key, encodeObject(next), modRevision, { signal: scope.signal });
      if (res.succeeded) return res;
      if (!res.current) this.fail(storageError(StorageErrorCode.KeyNotFound, key), operation, name);
      return { succeeded: false, current: res.current };
    } catch (err) {
      this.fail(err, operation, name);
    }
  }

  /** A conditional delete that runs the after-delete hook; NotFound when the object went away. */
  private async deleteIfUnchanged(
    scope: RequestScope,
    key: string,
    name: string,
    modRevision: number,
  ): Promise<{ succeeded: true; kv: KubeObject } | { succeeded: false; current: KeyValue }> {
    let deleted: KubeObject;
    try {
      const res = await this.storage.delete(key, { expectedModRevision: modRevision, signal: scope.signal });
      if (!res.succeeded) {
        if (!res.current) this.fail(storageError(StorageErrorCode.KeyNotFound, key), 'delete', name);
        return { succeeded: false, current: res.current };
      }
      deleted = decodeObject(res.kv);
    } catch (err) {
      this.fail(err, 'delete', name);
    }
    await this.runAfterDelete(scope, name, deleted);
    return { succeeded: true, kv: deleted };
  }

  private async runAfterDelete(scope: RequestScope, name: string, deleted: KubeObject): Promise<void> {
    if (!this.opts.afterDelete) return;
    try {
      await this.opts.afterDelete(scope, deleted);
    } catch (err) {
      this.fail(err, 'delete', name);
    }
  }

  /** kube's finalizeDelete: the deleted object, or a Status Success naming it (no code; details.kind = resource). */
  protected deleteResult(obj: KubeObject): KubeObject | Status {
    if (this.resource.returnDeletedObject) return obj;
    const details: Status['details'] = { name: obj.metadata.name, kind: this.gr.resource };
    if (this.gr.group) details.group = this.gr.group;
    if (obj.metadata.uid) details.uid = obj.metadata.uid;
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details } as Status;
  }
}

function storageError(code: StorageErrorCode, key: string): StorageError {
  return new StorageError(code, code, key);
}
