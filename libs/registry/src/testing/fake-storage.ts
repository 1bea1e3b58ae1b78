import { StorageError, StorageErrorCode, isOverwrite, validateCreateAll, validateDeletePrefixes } from '@strata/storage';
import type { ConditionalResult, CreateItem, DeletePrefixesOptions, GetResult, KeyValue, ListOptions, ListResult, Storage, WatchEvent } from '@strata/storage';

/**
 * A hand-written in-memory Storage for unit tests of the registry: one revision counter, CAS on modRevision,
 * prefix lists without selectors or paging. `writes` counts successful writes; `beforeUpdate` lets a test slip a
 * concurrent write in front of the next update.
 */
export class FakeStorage implements Storage {
  readonly data = new Map<string, KeyValue>();
  revision = 1;
  writes = 0;
  beforeUpdate: (() => void) | undefined;

  put(key: string, value: Uint8Array): KeyValue {
    const prev = this.data.get(key);
    const kv = { key, value, createRevision: prev?.createRevision ?? this.revision + 1, modRevision: ++this.revision };
    this.data.set(key, kv);
    this.writes++;
    return kv;
  }

  async get(key: string): Promise<GetResult> {
    const kv = this.data.get(key);
    if (!kv) throw new StorageError(StorageErrorCode.KeyNotFound, 'not found', key);
    return { kv, revision: this.revision };
  }

  async list(prefix: string, _opts?: ListOptions): Promise<ListResult> {
    const items = [...this.data.values()].filter((kv) => kv.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
    return { items, revision: this.revision, continueToken: '' };
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    if (this.data.has(key)) throw new StorageError(StorageErrorCode.KeyExists, 'exists', key);
    return this.put(key, value);
  }

  /**
   * All keys at one revision, like the one Txn of the real stores, nothing written on failure: KeyExists when a
   * create's key exists, else Conflict when an overwrite's key is missing or at another mod revision (the first
   * such item in the given order); an overwrite keeps its key's createRevision.
   */
  async createAll(items: readonly CreateItem[]): Promise<KeyValue[]> {
    validateCreateAll(items);
    const existing = items.find((item) => !isOverwrite(item) && this.data.has(item.key));
    if (existing) throw new StorageError(StorageErrorCode.KeyExists, 'exists', existing.key);
    const changed = items.find((item) => isOverwrite(item) && this.data.get(item.key)?.modRevision !== item.expectedModRevision);
    if (changed) throw new StorageError(StorageErrorCode.Conflict, `nothing written: ${changed.key} changed`, changed.key);
    const revision = ++this.revision;
    this.writes++;
    return items.map(({ key, value }) => {
      const kv = { key, value, createRevision: this.data.get(key)?.createRevision ?? revision, modRevision: revision };
      this.data.set(key, kv);
      return kv;
    });
  }

  async update(key: string, value: Uint8Array, expected: number): Promise<ConditionalResult> {
    const hook = this.beforeUpdate;
    this.beforeUpdate = undefined;
    hook?.();
    const cur = this.data.get(key);
    if (!cur) throw new StorageError(StorageErrorCode.KeyNotFound, 'not found', key);
    if (cur.modRevision !== expected) return { succeeded: false, current: cur };
    return { succeeded: true, kv: this.put(key, value) };
  }

  async delete(key: string, opts?: { expectedModRevision?: number }): Promise<ConditionalResult> {
    const cur = this.data.get(key);
    if (!cur) throw new StorageError(StorageErrorCode.KeyNotFound, 'not found', key);
    if (opts?.expectedModRevision && cur.modRevision !== opts.expectedModRevision) return { succeeded: false, current: cur };
    this.data.delete(key);
    this.writes++;
    return { succeeded: true, kv: { ...cur, modRevision: ++this.revision } };
  }

  async deletePrefix(prefix: string): Promise<{ deleted: number; revision: number }> {
    let deleted = 0;
    for (const key of [...this.data.keys()]) if (key.startsWith(prefix) && this.data.delete(key)) deleted++;
    return { deleted, revision: ++this.revision };
  }

  /**
   * All prefixes and deleteKeys at one revision, like the one Txn of the real stores, nothing deleted on failure:
   * Conflict naming the first deleteKey missing or at another mod revision, else Conflict when a requireEmpty
   * prefix has keys.
   */
  async deletePrefixes(prefixes: readonly string[], opts: DeletePrefixesOptions = {}): Promise<{ deleted: number; revision: number }> {
    const plan = validateDeletePrefixes(prefixes, opts);
    const changed = plan.deleteKeys.find(({ key, expectedModRevision }) => this.data.get(key)?.modRevision !== expectedModRevision);
    if (changed) throw new StorageError(StorageErrorCode.Conflict, `nothing deleted: ${changed.key} changed`, changed.key);
    const occupied = plan.guards.filter((p) => [...this.data.keys()].some((k) => k.startsWith(p)));
    if (occupied.length > 0) throw new StorageError(StorageErrorCode.Conflict, `nothing deleted: keys exist under ${occupied.join(', ')}`);
    let deleted = 0;
    for (const key of [...this.data.keys()]) if (plan.prefixes.some((p) => key.startsWith(p)) && this.data.delete(key)) deleted++;
    for (const { key } of plan.deleteKeys) if (this.data.delete(key)) deleted++;
    return { deleted, revision: ++this.revision };
  }

  async count(prefix: string): Promise<number> {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix)).length;
  }

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  // eslint-disable-next-line require-yield
  async *watch(): AsyncIterable<WatchEvent> {
    throw new StorageError(StorageErrorCode.ResourceVersionExpired, 'too old');
  }
}
