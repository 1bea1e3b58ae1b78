import {
  StorageError,
  StorageErrorCode,
  isOverwrite,
  validateCreateAll,
  validateDeletePrefixes,
  type ConditionalKey,
  type ConditionalResult,
  type CreateItem,
  type DeletePrefixesOptions,
  type GetOptions,
  type GetResult,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Storage,
  type WatchEvent,
  type WatchOptions,
} from '@strata/storage';
import type { Etcd3, ICompare, IKeyValue, IRangeRequest, IRangeResponse, IRequestOp, ITxnResponse } from 'etcd3';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { etcdFailure } from './etcd-errors';
import { EtcdMetrics } from './etcd-metrics';
import { prefixRangeEnd, requireRangePrefix } from './etcd-keys';
import { watchEtcd } from './etcd3-watch';
import { listFromEtcd } from './etcd3-list';
import { toKeyValue } from './key-value';
import { parseResourceVersion, tooLargeResourceVersion } from './resource-version';

/** Options of {@link Etcd3Storage}. */
export interface Etcd3StorageOptions {
  readonly etcdClient: Etcd3;
  /** When set, etcd_request_duration_seconds and etcd_requests_total are registered here. */
  readonly metrics?: Registry;
  readonly logger?: Logger;
  /**
   * How often a watch with allowBookmarks asks etcd for a progress notification (each answer becomes a
   * BOOKMARK). Default 60 s, about what kube sends a watcher.
   */
  readonly bookmarkIntervalMs?: number;
}

/**
 * The {@link Storage} contract directly on etcd, with the semantics of k8s.io/apiserver's etcd3 store:
 * optimistic writes as one Txn on mod_revision, lists at one revision with kube continue tokens, watches
 * translated from etcd events with selector transitions. Every method rejects with a StorageError;
 * Unavailable when etcd cannot be reached.
 */
export class Etcd3Storage implements Storage {
  private readonly etcdClient: Etcd3;
  private readonly metrics: EtcdMetrics | undefined;
  private readonly logger: Logger | undefined;
  private readonly bookmarkIntervalMs: number;

  constructor(opts: Etcd3StorageOptions) {
    this.etcdClient = opts.etcdClient;
    this.metrics = opts.metrics ? new EtcdMetrics(opts.metrics) : undefined;
    this.logger = opts.logger;
    this.bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 60_000;
  }

  /** Rejects KeyNotFound when absent, ResourceVersionTooLarge when resourceVersion N is ahead of etcd. */
  async get(key: string, opts: GetOptions = {}): Promise<GetResult> {
    const minRev = parseResourceVersion(opts.resourceVersion);
    const resp = await this.range('get', key, { key: Buffer.from(key), serializable: opts.resourceVersion === '0' }, opts.signal);
    const revision = Number(resp.header.revision);
    if (minRev > revision) throw tooLargeResourceVersion(minRev, revision, key);
    const kv = resp.kvs[0];
    if (!kv) throw keyNotFound(key);
    return { kv: toKeyValue(kv), revision };
  }

  /** See listFromEtcd for the semantics and errors. */
  list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    return listFromEtcd(
      {
        range: (req) => this.range('list', prefix, req, opts.signal),
        currentRevision: () => this.currentRevision(),
      },
      prefix,
      opts,
    );
  }

  /** Txn If(ModRevision(key) == 0) Then Put; rejects KeyExists when the key exists. */
  async create(key: string, value: Uint8Array, opts: { ttlSeconds?: number; signal?: AbortSignal } = {}): Promise<KeyValue> {
    const lease = await this.leaseFor(key, opts.ttlSeconds, opts.signal);
    const resp = await this.txn('create', key, 0, { request_put: { key: Buffer.from(key), value: Buffer.from(value), lease } }, undefined, opts.signal);
    if (!resp.succeeded) throw new StorageError(StorageErrorCode.KeyExists, `key exists: ${key}`, key);
    const rev = Number(resp.header.revision);
    return { key, value, createRevision: rev, modRevision: rev };
  }

  /**
   * One Txn: If CreateRevision(k) == 0 for every create and ModRevision(k) == expected for every overwrite Then Put
   * each Else Range each (keys only: a KeyValue still carries its mod revision, enough to name the item that
   * failed). See Storage.createAll.
   */
  async createAll(items: readonly CreateItem[], opts: { signal?: AbortSignal } = {}): Promise<KeyValue[]> {
    validateCreateAll(items);
    const keys = items.map((item) => Buffer.from(item.key));
    const compare: ICompare[] = items.map((item, i) =>
      isOverwrite(item)
        ? { key: keys[i], target: 'Mod', result: 'Equal', mod_revision: item.expectedModRevision }
        : { key: keys[i], target: 'Create', result: 'Equal', create_revision: 0 },
    );
    const success: IRequestOp[] = items.map((item, i) => ({ request_put: { key: keys[i], value: Buffer.from(item.value), prev_kv: isOverwrite(item) } }));
    const failure: IRequestOp[] = keys.map((key) => ({ request_range: { key, keys_only: true } }));
    const resp = await this.call('createAll', items[0].key, opts.signal, () => this.etcdClient.kv.txn({ compare, success, failure }));
    if (!resp.succeeded) {
      const current = (i: number) => resp.responses[i]?.response_range?.kvs?.[0];
      const existing = items.find((item, i) => !isOverwrite(item) && current(i));
      if (existing) throw new StorageError(StorageErrorCode.KeyExists, `key exists: ${existing.key}`, existing.key);
      for (const [i, item] of items.entries()) {
        const changed = keyChanged({ key: item.key, expectedModRevision: item.expectedModRevision ?? 0 }, current(i), 'nothing written');
        if (changed) throw changed;
      }
      throw new StorageError(StorageErrorCode.Conflict, `nothing written: createAll of ${items[0].key} and ${items.length - 1} more failed its compare`, items[0].key);
    }
    const rev = Number(resp.header.revision);
    return items.map((item, i) => {
      const prev = resp.responses[i]?.response_put?.prev_kv;
      return { key: item.key, value: item.value, createRevision: prev ? Number(prev.create_revision) : rev, modRevision: rev };
    });
  }

  /**
   * Txn If(ModRevision(key) == expected) Then Put Else Get. A lost race returns the current value; rejects
   * KeyNotFound when the key is gone.
   */
  async update(
    key: string,
    value: Uint8Array,
    expectedModRevision: number,
    opts: { ttlSeconds?: number; signal?: AbortSignal } = {},
  ): Promise<ConditionalResult> {
    const lease = await this.leaseFor(key, opts.ttlSeconds, opts.signal);
    const keyBytes = Buffer.from(key);
    const resp = await this.txn(
      'update',
      key,
      expectedModRevision,
      { request_put: { key: keyBytes, value: Buffer.from(value), lease, prev_kv: true } },
      { request_range: { key: keyBytes } },
      opts.signal,
    );
    if (!resp.succeeded) return this.conflict(key, resp);
    const rev = Number(resp.header.revision);
    const prev = resp.responses[0]?.response_put?.prev_kv;
    return { succeeded: true, kv: { key, value, createRevision: prev ? Number(prev.create_revision) : rev, modRevision: rev } };
  }

  /**
   * Txn If(ModRevision(key) == expected) Then Delete Else Get (unconditional when expected is 0 or absent).
   * The deleted value carries the delete revision as modRevision. Rejects KeyNotFound when absent.
   */
  async delete(key: string, opts: { expectedModRevision?: number; signal?: AbortSignal } = {}): Promise<ConditionalResult> {
    const expected = opts.expectedModRevision ?? 0;
    const keyBytes = Buffer.from(key);
    const del: IRequestOp = { request_delete_range: { key: keyBytes, prev_kv: true } };
    const resp =
      expected > 0
        ? await this.txn('delete', key, expected, del, { request_range: { key: keyBytes } }, opts.signal)
        : await this.txn('delete', key, undefined, del, undefined, opts.signal);
    if (!resp.succeeded) return this.conflict(key, resp);
    const prev = resp.responses[0]?.response_delete_range?.prev_kvs?.[0];
    if (!prev) throw keyNotFound(key);
    return { succeeded: true, kv: toKeyValue(prev, Number(resp.header.revision)) };
  }

  /** One DeleteRange over the prefix (ending in "/", else InvalidArgument). */
  async deletePrefix(prefix: string, opts: { signal?: AbortSignal } = {}): Promise<{ deleted: number; revision: number }> {
    requireRangePrefix(prefix);
    const keyBytes = Buffer.from(prefix);
    const resp = await this.call('deletePrefix', prefix, opts.signal, () =>
      this.etcdClient.kv.deleteRange({ key: keyBytes, range_end: prefixRangeEnd(keyBytes) }),
    );
    return { deleted: Number(resp.deleted), revision: Number(resp.header.revision) };
  }

  /**
   * One Txn holding a DeleteRange per prefix and per deleteKey: one revision, all or nothing (a workspace purge is
   * never half done). Rejects InvalidArgument for an empty list, a prefix without the trailing "/", or more prefixes
   * and keys than MAX_DELETE_PREFIXES (etcd's default --max-txn-ops; splitting here would silently give up
   * the atomicity the caller asked for), see validateDeletePrefixes. Duplicates are sent once. When a compare
   * fails, the failure branch reads each guard (count only) and deleteKey (keys only) to say which.
   */
  async deletePrefixes(prefixes: readonly string[], opts: DeletePrefixesOptions = {}): Promise<{ deleted: number; revision: number }> {
    const plan = validateDeletePrefixes(prefixes, opts);
    for (const prefix of [...plan.prefixes, ...plan.guards]) requireRangePrefix(prefix);
    const ops: IRequestOp[] = [
      ...plan.prefixes.map((prefix): IRequestOp => {
        const keyBytes = Buffer.from(prefix);
        return { request_delete_range: { key: keyBytes, range_end: prefixRangeEnd(keyBytes) } };
      }),
      ...plan.deleteKeys.map(({ key }): IRequestOp => ({ request_delete_range: { key: Buffer.from(key) } })),
    ];
    // Over a range, etcd holds a compare true only when every key in it satisfies it, and an empty range compares
    // as a key never created: CreateRevision == 0 is "no key under this prefix", in the same Txn as the deletes.
    const guardRanges = plan.guards.map((prefix) => {
      const keyBytes = Buffer.from(prefix);
      return { key: keyBytes, range_end: prefixRangeEnd(keyBytes) };
    });
    const compare: ICompare[] = [
      ...guardRanges.map((range): ICompare => ({ ...range, target: 'Create', result: 'Equal', create_revision: 0 })),
      ...plan.deleteKeys.map(({ key, expectedModRevision }): ICompare => ({ key: Buffer.from(key), target: 'Mod', result: 'Equal', mod_revision: expectedModRevision })),
    ];
    const failure: IRequestOp[] = [
      ...guardRanges.map((range): IRequestOp => ({ request_range: { ...range, count_only: true } })),
      ...plan.deleteKeys.map(({ key }): IRequestOp => ({ request_range: { key: Buffer.from(key), keys_only: true } })),
    ];
    const resp = await this.call('deletePrefixes', plan.prefixes[0], opts.signal, () => this.etcdClient.kv.txn({ compare, success: ops, failure }));
    if (!resp.succeeded) {
      for (const [i, key] of plan.deleteKeys.entries()) {
        const changed = keyChanged(key, resp.responses[plan.guards.length + i]?.response_range?.kvs?.[0], 'nothing deleted');
        if (changed) throw changed;
      }
      const occupied = plan.guards.filter((_, i) => Number(resp.responses[i]?.response_range?.count ?? 0) > 0);
      throw new StorageError(StorageErrorCode.Conflict, `nothing deleted: keys exist under ${(occupied.length > 0 ? occupied : plan.guards).join(', ')}`);
    }
    const deleted = resp.responses.reduce((sum, r) => sum + Number(r.response_delete_range?.deleted ?? 0), 0);
    return { deleted, revision: Number(resp.header.revision) };
  }

  /** Counts keys under the prefix (ending in "/", else InvalidArgument) with a count-only Range. */
  async count(prefix: string, opts: { signal?: AbortSignal } = {}): Promise<number> {
    requireRangePrefix(prefix);
    const keyBytes = Buffer.from(prefix);
    const resp = await this.range('count', prefix, { key: keyBytes, range_end: prefixRangeEnd(keyBytes), count_only: true }, opts.signal);
    return Number(resp.count);
  }

  /** etcd's current revision from the header of a linearizable count-only Range. */
  async currentRevision(opts: { signal?: AbortSignal } = {}): Promise<number> {
    const resp = await this.range('currentRevision', '/registry/', { key: Buffer.from('/registry/'), count_only: true }, opts.signal);
    return Number(resp.header.revision);
  }

  /** See watchEtcd: initial state, events, selector transitions, bookmarks; ResourceVersionExpired when compacted. */
  watch(key: string, opts: WatchOptions): AsyncIterable<WatchEvent> {
    return watchEtcd(
      {
        etcdClient: this.etcdClient,
        list: (prefix, listOpts) => this.list(prefix, listOpts),
        readKey: async (k) => {
          const resp = await this.range('get', k, { key: Buffer.from(k) }, opts.signal);
          const kv = resp.kvs[0];
          return { kv: kv ? toKeyValue(kv) : undefined, revision: Number(resp.header.revision) };
        },
        bookmarkIntervalMs: this.bookmarkIntervalMs,
        logger: this.logger,
      },
      key,
      opts,
    );
  }

  private conflict(key: string, resp: ITxnResponse): ConditionalResult {
    const current = resp.responses[0]?.response_range?.kvs?.[0];
    if (!current) throw keyNotFound(key);
    return { succeeded: false, current: toKeyValue(current) };
  }

  private async leaseFor(key: string, ttlSeconds: number | undefined, signal: AbortSignal | undefined): Promise<string | undefined> {
    if (!ttlSeconds || ttlSeconds <= 0) return undefined;
    const resp = await this.call('leaseGrant', key, signal, () => this.etcdClient.leaseClient.leaseGrant({ TTL: ttlSeconds }));
    return resp.ID;
  }

  private txn(
    operation: string,
    key: string,
    expectedModRevision: number | undefined,
    then: IRequestOp,
    otherwise: IRequestOp | undefined,
    signal: AbortSignal | undefined,
  ): Promise<ITxnResponse> {
    return this.call(operation, key, signal, () =>
      this.etcdClient.kv.txn({
        compare:
          expectedModRevision === undefined
            ? []
            : [{ key: Buffer.from(key), target: 'Mod', result: 'Equal', mod_revision: expectedModRevision }],
        success: [then],
        failure: otherwise ? [otherwise] : [],
      }),
    );
  }

  private range(operation: string, key: string, req: IRangeRequest, signal: AbortSignal | undefined): Promise<IRangeResponse> {
    return this.call(operation, key, signal, () => this.etcdClient.kv.range(req));
  }

  /** Times one etcd request and turns unexpected failures into StorageErrors (compaction is interpreted by callers). */
  private async call<T>(operation: string, key: string, signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    const timer = this.metrics?.start(operation, key);
    try {
      return await run();
    } catch (err) {
      if (err instanceof Error && /required revision (has been compacted|is a future revision)/.test(err.message)) throw err;
      throw etcdFailure(err, key);
    } finally {
      timer?.done();
    }
  }
}

/**
 * The Conflict of a conditional key that failed its ModRevision compare (`current` read in the Txn's failure branch,
 * absent when the key is gone); undefined when the key still has its expected revision (or is a create).
 */
function keyChanged({ key, expectedModRevision }: ConditionalKey, current: IKeyValue | undefined, outcome: string): StorageError | undefined {
  if (expectedModRevision <= 0) return undefined;
  if (!current) return new StorageError(StorageErrorCode.Conflict, `${outcome}: ${key} does not exist (expected at mod revision ${expectedModRevision})`, key);
  const modRevision = Number(current.mod_revision);
  if (modRevision === expectedModRevision) return undefined;
  return new StorageError(StorageErrorCode.Conflict, `${outcome}: ${key} changed (mod revision ${modRevision}, expected ${expectedModRevision})`, key);
}

function keyNotFound(key: string): StorageError {
  return new StorageError(StorageErrorCode.KeyNotFound, `key not found: ${key}`, key);
}
