import { MAX_CREATE_ALL, StorageErrorCode, isStorageError } from '@strata/storage';
import type { CreateItem, KeyValue, Storage } from '@strata/storage';

interface Pending {
  readonly items: readonly CreateItem[];
  readonly signal: AbortSignal | undefined;
  readonly resolve: (kvs: KeyValue[]) => void;
  readonly reject: (err: unknown) => void;
}

/** Failures that belong to one caller's items, not to the batch: each caller is then retried alone. */
const PER_CALLER = new Set<StorageErrorCode>([StorageErrorCode.KeyExists, StorageErrorCode.Conflict, StorageErrorCode.InvalidArgument]);

/**
 * Joins the createAll calls made in one turn of the event loop into one storage createAll (one RPC, one etcd Txn,
 * one revision), up to {@link MAX_CREATE_ALL} items: the controller's workers provision many workspaces at once
 * under load, and each call cost a gRPC round trip, a watch-cache request and an etcd Txn of its own. Every caller
 * still gets its own all-or-nothing answer: when the joined Txn fails for a reason that belongs to some caller's
 * items (a key that exists, an overwrite that lost its race, a key two callers both write), nothing was written,
 * and each caller's items are sent again alone, so only that caller sees the error. Any other failure (the storage
 * service unreachable) is every caller's. A batch carries the callers' signal when they all share one (the
 * controller's term), else none: one caller's abort must not cancel the others' writes.
 */
export class CreateAllBatcher {
  private queue: Pending[] = [];
  private queuedItems = 0;
  private scheduled = false;

  constructor(private readonly storage: Pick<Storage, 'createAll'>) {}

  /** Resolves with `items`' KeyValues, in order, once they are written; rejects as Storage.createAll would. */
  createAll(items: readonly CreateItem[], signal?: AbortSignal): Promise<KeyValue[]> {
    if (items.length === 0 || items.length > MAX_CREATE_ALL) return this.storage.createAll(items, { signal });
    if (this.queuedItems + items.length > MAX_CREATE_ALL) this.flush();
    return new Promise<KeyValue[]>((resolve, reject) => {
      this.queue.push({ items, signal, resolve, reject });
      this.queuedItems += items.length;
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.queuedItems = 0;
    this.scheduled = false;
    if (batch.length === 0) return;
    if (batch.length === 1) {
      const [only] = batch as [Pending];
      this.storage.createAll(only.items, { signal: only.signal }).then(only.resolve, only.reject);
      return;
    }
    const signal = batch.every((p) => p.signal === batch[0]?.signal) ? batch[0]?.signal : undefined;
    this.storage.createAll(batch.flatMap((p) => p.items), { signal }).then(
      (kvs) => {
        let at = 0;
        for (const p of batch) {
          p.resolve(kvs.slice(at, at + p.items.length));
          at += p.items.length;
        }
      },
      (err: unknown) => {
        if (!isStorageError(err) || !PER_CALLER.has(err.code)) {
          for (const p of batch) p.reject(err);
          return;
        }
        for (const p of batch) this.storage.createAll(p.items, { signal: p.signal }).then(p.resolve, p.reject);
      },
    );
  }
}
