import {
  StorageError,
  StorageErrorCode,
  isStorageError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type WatchEvent,
  type WatchOptions,
} from '@strata/storage';
import type { Etcd3 } from 'etcd3';
import type { Logger } from 'pino';
import { requireRangePrefix } from './etcd-keys';
import { openEtcdWatch } from './raw-watch';
import { parseResourceVersion, tooLargeResourceVersion } from './resource-version';
import { selectionFor, type Selection } from './selection';
import { translateEtcdEvent } from './watch-events';

/** Page size of the initial-state read (kube's reflector uses the same). */
const initialPageSize = 10_000;

/** What {@link watchEtcd} needs from the storage. */
export interface WatchDeps {
  readonly etcdClient: Etcd3;
  list(prefix: string, opts: ListOptions): Promise<ListResult>;
  /** One key at the latest revision: its value (if any) and the revision read at. */
  readKey(key: string): Promise<{ kv: KeyValue | undefined; revision: number }>;
  readonly bookmarkIntervalMs: number;
  readonly logger?: Logger;
}

/**
 * Watch of kube's etcd3 store. resourceVersion "" or "0" (or sendInitialEvents=true): the current state as ADDED
 * events at revision R, then the changes from R+1 (sendInitialEvents=false skips the state). "N": the changes
 * after N. With allowBookmarks, etcd progress notifications (requested every bookmarkIntervalMs) become
 * BOOKMARKs; with sendInitialEvents a BOOKMARK with initialEventsEnd follows the initial events.
 * Throws InvalidArgument for a bad key/resourceVersion/selector, ResourceVersionTooLarge when sendInitialEvents
 * asks for a minimum revision etcd has not reached, and ResourceVersionExpired ("The resourceVersion for the
 * provided watch is too old.") when the revision was compacted. Ends when the signal aborts.
 */
export async function* watchEtcd(deps: WatchDeps, key: string, opts: WatchOptions): AsyncGenerator<WatchEvent> {
  if (opts.recursive) requireRangePrefix(key);
  const selection = selectionFor(opts.labelSelector, opts.fieldSelector);
  const requested = parseResourceVersion(opts.resourceVersion);
  const withState = opts.sendInitialEvents ?? requested === 0;
  let startRevision: number;
  if (withState) {
    let revision = 0;
    for await (const page of readState(deps, key, opts, selection, opts.sendInitialEvents === true ? requested : 0)) {
      revision = page.revision;
      for (const kv of page.items) yield { type: 'ADDED', kv, revision: kv.modRevision };
    }
    if (opts.sendInitialEvents === true) yield { type: 'BOOKMARK', revision, initialEventsEnd: true };
    startRevision = revision + 1;
  } else if (requested === 0) {
    startRevision = (await deps.readKey(key)).revision + 1;
  } else {
    startRevision = requested + 1;
  }
  if (opts.signal?.aborted) return;
  const stream = openEtcdWatch(deps.etcdClient, {
    key,
    prefix: opts.recursive,
    startRevision,
    prevKv: true,
    progressNotify: opts.allowBookmarks === true,
    signal: opts.signal,
    logger: deps.logger,
  });
  const timer = opts.allowBookmarks ? setInterval(() => stream.requestProgress(), deps.bookmarkIntervalMs) : undefined;
  timer?.unref();
  let delivered = startRevision - 1;
  try {
    for await (const batch of stream) {
      if (batch.progressNotify) {
        // Never announce a revision below what was already delivered: a client resumes from a bookmark.
        if (opts.allowBookmarks && batch.revision >= delivered) {
          delivered = batch.revision;
          yield { type: 'BOOKMARK', revision: batch.revision };
        }
        continue;
      }
      for (const ev of batch.events) {
        const out = translateEtcdEvent(ev, selection);
        if (out) yield out;
      }
      delivered = Math.max(delivered, batch.revision);
    }
  } catch (err) {
    if (isStorageError(err, StorageErrorCode.ResourceVersionExpired)) {
      throw new StorageError(StorageErrorCode.ResourceVersionExpired, 'The resourceVersion for the provided watch is too old.', key, err.revision);
    }
    throw err;
  } finally {
    if (timer) clearInterval(timer);
    stream.close();
  }
}

/** The current state, page by page at one revision (at least `minRev` when > 0). */
async function* readState(
  deps: WatchDeps,
  key: string,
  opts: WatchOptions,
  selection: Selection,
  minRev: number,
): AsyncGenerator<{ items: readonly KeyValue[]; revision: number }> {
  if (!opts.recursive) {
    const { kv, revision } = await deps.readKey(key);
    if (minRev > revision) throw tooLargeResourceVersion(minRev, revision, key);
    yield { items: kv && selection.matches(kv.value) ? [kv] : [], revision };
    return;
  }
  let page = await deps.list(key, {
    limit: initialPageSize,
    resourceVersion: minRev > 0 ? String(minRev) : '',
    resourceVersionMatch: minRev > 0 ? 'NotOlderThan' : '',
    labelSelector: opts.labelSelector,
    fieldSelector: opts.fieldSelector,
    signal: opts.signal,
  });
  yield page;
  while (page.continueToken !== '') {
    opts.signal?.throwIfAborted();
    page = await deps.list(key, {
      limit: initialPageSize,
      continueToken: page.continueToken,
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
      signal: opts.signal,
    });
    yield page;
  }
}
