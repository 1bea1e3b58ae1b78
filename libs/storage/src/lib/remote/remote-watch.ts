import type { WatchRequest } from '@strata/proto';
import type { Logger } from 'pino';
import type { ListOptions, ListResult, WatchEvent, WatchOptions } from '../interfaces';
import { fromGrpcError, isReplicaUnavailable } from './grpc-errors';
import { watchEventFromProto } from './proto-convert';
import type { WatchStream } from './watch-mux';

/** Page size of the initial-state list. */
const statePageSize = 10_000;
/** Reconnect attempts per replica before giving up with Unavailable. */
const attemptsPerReplica = 3;

/** What {@link remoteWatch} needs from RemoteStorage. */
export interface RemoteWatchDeps {
  /**
   * Opens a server-side watch on the next replica, round robin (over WatchMany or the Watch RPC), skipping
   * `avoidReplica` (the one that just failed) when there is another.
   */
  openWatch(req: WatchRequest, avoidReplica: number | undefined): { readonly call: WatchStream; readonly replica: number };
  list(prefix: string, opts: ListOptions): Promise<ListResult>;
  currentRevision(signal?: AbortSignal): Promise<number>;
  readonly replicas: number;
  readonly logger?: Logger;
}

/**
 * A watch through the storage service that survives the loss of a replica. Every server-side watch is opened
 * "from revision N": the current state of a recursive watch is read with paginated lists at one revision R and
 * sent as ADDED (then a BOOKMARK with initialEventsEnd for sendInitialEvents), and the watch continues from R.
 * When the stream breaks with UNAVAILABLE (or ends while the caller still listens), it reopens on the next
 * replica from the last delivered revision; events of a revision that was only partly delivered are
 * de-duplicated by key, so the consumer sees no gap and no duplicate. A single-key watch with initial state is
 * resumable once its first event arrived. Throws StorageErrors (ResourceVersionExpired: relist; Unavailable
 * after every replica failed repeatedly). Ends when the signal aborts.
 */
export async function* remoteWatch(deps: RemoteWatchDeps, key: string, opts: WatchOptions): AsyncGenerator<WatchEvent> {
  const signal = opts.signal;
  const requested = opts.resourceVersion ?? '';
  const fromNow = requested === '' || requested === '0';
  const withState = opts.sendInitialEvents ?? fromNow;
  /** Revision after which the server must send events; undefined while only the server knows it. */
  let resume: number | undefined;
  if (withState && opts.recursive) {
    resume = yield* initialState(deps, key, opts);
  } else if (!withState && fromNow) {
    resume = await deps.currentRevision(signal);
  } else if (!withState) {
    resume = /^[0-9]+$/.test(requested) ? Number(requested) : undefined;
  }
  let partialRev = -1;
  const partialKeys = new Set<string>();
  let failures = 0;
  let failedReplica: number | undefined;
  for (;;) {
    if (signal?.aborted) return;
    const from = partialRev >= 0 ? partialRev - 1 : resume;
    const { call, replica } = deps.openWatch(
      {
      key,
      recursive: opts.recursive,
      resourceVersion: from === undefined ? requested : String(from),
      sendInitialEvents: from === undefined && opts.sendInitialEvents === true,
      allowBookmarks: opts.allowBookmarks === true,
      labelSelector: opts.labelSelector ?? '',
      fieldSelector: opts.fieldSelector ?? '',
      },
      failedReplica,
    );
    const cancel = () => call.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    let failure: unknown;
    try {
      for await (const msg of call) {
        const ev = watchEventFromProto(msg);
        failures = 0;
        if (ev.type === 'BOOKMARK') {
          if (from !== undefined || ev.initialEventsEnd) {
            resume = ev.revision;
            partialRev = -1;
            partialKeys.clear();
          }
          yield ev;
          continue;
        }
        const evKey = ev.kv?.key ?? '';
        if (ev.revision === partialRev) {
          // Already delivered before the previous stream broke.
          if (partialKeys.has(evKey)) continue;
        } else {
          partialRev = ev.revision;
          partialKeys.clear();
        }
        partialKeys.add(evKey);
        yield ev;
      }
    } catch (err) {
      failure = err;
    } finally {
      signal?.removeEventListener('abort', cancel);
      call.cancel();
    }
    if (signal?.aborted) return;
    const resumable = resume !== undefined || partialRev >= 0;
    if (failure !== undefined && !isReplicaUnavailable(failure, signal?.aborted)) throw fromGrpcError(failure);
    if (!resumable) {
      throw fromGrpcError(failure ?? { code: 14, details: 'storage watch ended before its starting revision was known' });
    }
    failures += 1;
    failedReplica = replica;
    if (failures > deps.replicas * attemptsPerReplica) throw fromGrpcError(failure ?? { code: 14, details: 'storage watch keeps ending' });
    deps.logger?.info({ key, from: partialRev >= 0 ? partialRev - 1 : resume, failures, err: failure }, 'storage watch broke, resuming on another replica');
    await sleep(Math.min(50 * 2 ** failures, 2_000), signal);
  }
}

/** Lists the state page by page at one revision, yields it as ADDED (+ initial-events-end), returns the revision. */
async function* initialState(deps: RemoteWatchDeps, key: string, opts: WatchOptions): AsyncGenerator<WatchEvent, number> {
  const requested = opts.resourceVersion ?? '';
  const minimum = opts.sendInitialEvents === true && requested !== '' && requested !== '0';
  let page = await deps.list(key, {
    limit: statePageSize,
    resourceVersion: requested,
    resourceVersionMatch: minimum ? 'NotOlderThan' : '',
    labelSelector: opts.labelSelector,
    fieldSelector: opts.fieldSelector,
    signal: opts.signal,
  });
  const revision = page.revision;
  for (;;) {
    for (const kv of page.items) yield { type: 'ADDED', kv, revision: kv.modRevision };
    if (page.continueToken === '') break;
    page = await deps.list(key, {
      limit: statePageSize,
      continueToken: page.continueToken,
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
      signal: opts.signal,
    });
  }
  if (opts.sendInitialEvents === true) yield { type: 'BOOKMARK', revision, initialEventsEnd: true };
  return revision;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
