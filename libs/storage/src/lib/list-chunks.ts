import type { KeyValue, ListOptions, ListResult, Storage } from './interfaces';

/**
 * The list of `storage` in chunks: its own {@link Storage.listChunks} when it streams (RemoteStorage), else
 * {@link Storage.list} as one chunk. Throws like list().
 */
export function listInChunks(storage: Storage, prefix: string, opts?: ListOptions): AsyncIterable<ListResult> {
  if (storage.listChunks) return storage.listChunks(prefix, opts);
  return (async function* () {
    yield await storage.list(prefix, opts);
  })();
}

/**
 * One ListResult from the chunks of a list: every chunk's items in order, the revision of the chunks (they all carry
 * the same), continue and remainingItemCount of the last. Throws what the iteration throws.
 */
export async function collectListChunks(chunks: AsyncIterable<ListResult>): Promise<ListResult> {
  let last: ListResult | undefined;
  let items: KeyValue[] | undefined;
  for await (const chunk of chunks) {
    // The first chunk's array is kept as is when it is the only one (the common small list).
    if (last) {
      items ??= [...last.items];
      for (const kv of chunk.items) items.push(kv);
    }
    last = chunk;
  }
  if (!last) throw new Error('a list ended without a chunk');
  return items ? { ...last, items } : last;
}
