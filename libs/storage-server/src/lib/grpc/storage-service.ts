import type { sendUnaryData, ServerDuplexStream, ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import type { ListRequest, ListResponse, StorageServer, WatchEvent, WatchManyRequest, WatchManyResponse, WatchRequest } from '@strata/proto';
import { StorageError, StorageErrorCode, isStorageError, type Storage } from '@strata/storage';
import type { Logger } from 'pino';
import { toGrpcStatus } from './grpc-status';
import { kvToProto, matchFromProto } from './proto-convert';
import { splitListResponse } from './storage-wire';
import { forwardWatch, watchFailureStatus } from './watch-forward';
import { serveWatchMany } from './watch-many';

/**
 * The gRPC Storage service over any {@link Storage} (etcd3 or the cacher). Failures become statuses in
 * toGrpcStatus only. A client cancel or deadline aborts the storage call. Watch honours HTTP/2 backpressure:
 * when the client reads slowly the service stops pulling events from the storage (whose buffers are bounded).
 * WatchMany runs the same per-watch loop for many watches over one stream (see serveWatchMany).
 * Aborting `shutdown` ends every open watch with UNAVAILABLE (clients resume elsewhere).
 */
/** The abort reason of a unary call its client cancelled (an AbortError, as AbortController.abort() makes). */
const CALL_CANCELLED = Object.assign(new Error('the client cancelled the call'), { name: 'AbortError' });

export function createStorageService(storage: Storage, opts: { logger?: Logger; shutdown?: AbortSignal } = {}): StorageServer {
  const logger = opts.logger;
  const shutdown = opts.shutdown;
  function unary<Req, Res>(method: string, run: (req: Req, signal: AbortSignal) => Promise<Res>) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
      const controller = new AbortController();
      let answered = false;
      // grpc-js reports 'cancelled' also for calls already answered (the client closing its stream); only an open
      // call has anything to abort, and a shared reason spares a DOMException (with its stack) per abort.
      call.on('cancelled', () => {
        if (!answered) controller.abort(CALL_CANCELLED);
      });
      run(call.request, controller.signal).then(
        (res) => {
          answered = true;
          callback(null, res);
        },
        (err: unknown) => {
          answered = true;
          if (!isStorageError(err)) logger?.error({ err, method }, 'storage call failed unexpectedly');
          callback(toGrpcStatus(err));
        },
      );
    };
  }

  return {
    get: unary('get', async (req, signal) => {
      const res = await storage.get(req.key, { resourceVersion: req.resourceVersion, signal });
      return { kv: kvToProto(res.kv), revision: res.revision };
    }),
    list: unary('list', (req, signal) => listAnswer(storage, req, signal)),
    create: unary('create', async (req, signal) => {
      const kv = await storage.create(req.key, req.value, { ttlSeconds: req.ttlSeconds, signal });
      return { kv: kvToProto(kv) };
    }),
    createAll: unary('createAll', async (req, signal) => {
      const kvs = await storage.createAll(req.items, { signal });
      return { kvs: kvs.map(kvToProto) };
    }),
    update: unary('update', async (req, signal) => {
      const res = await storage.update(req.key, req.value, req.expectedModRevision, { ttlSeconds: req.ttlSeconds, signal });
      if (res.succeeded) return { succeeded: true, kv: kvToProto(res.kv) };
      return { succeeded: false, kv: res.current ? kvToProto(res.current) : undefined };
    }),
    delete: unary('delete', async (req, signal) => {
      const res = await storage.delete(req.key, { expectedModRevision: req.expectedModRevision, signal });
      if (res.succeeded) return { succeeded: true, kv: kvToProto(res.kv) };
      return { succeeded: false, kv: res.current ? kvToProto(res.current) : undefined };
    }),
    deletePrefix: unary('deletePrefix', (req, signal) => storage.deletePrefix(req.prefix, { signal })),
    deletePrefixes: unary('deletePrefixes', (req, signal) =>
      storage.deletePrefixes(req.prefixes, { requireEmpty: req.requireEmpty, deleteKeys: req.deleteKeys, signal }),
    ),
    listStream: (call: ServerWritableStream<ListRequest, ListResponse>): void => {
      void serveListStream(storage, call, logger);
    },
    count: unary('count', async (req, signal) => ({ count: await storage.count(req.prefix, { signal }) })),
    currentRevision: unary('currentRevision', async (_req, signal) => ({ revision: await storage.currentRevision({ signal }) })),
    watch: (call: ServerWritableStream<WatchRequest, WatchEvent>): void => {
      void serveWatch(storage, call, logger, shutdown);
    },
    watchMany: (call: ServerDuplexStream<WatchManyRequest, WatchManyResponse>): void => {
      serveWatchMany(storage, call, { logger, shutdown });
    },
  };
}

/** The storage's list as a ListResponse (the key-values are passed on, not copied). */
async function listAnswer(storage: Storage, req: ListRequest, signal: AbortSignal): Promise<ListResponse> {
  const res = await storage.list(req.prefix, {
    resourceVersion: req.resourceVersion,
    resourceVersionMatch: matchFromProto(req.resourceVersionMatch),
    limit: req.limit,
    continueToken: req.continue,
    labelSelector: req.labelSelector,
    fieldSelector: req.fieldSelector,
    signal,
  });
  return {
    kvs: res.items.map(kvToProto),
    revision: res.revision,
    continue: res.continueToken,
    remainingItemCount: res.remainingItemCount,
  };
}

/**
 * Size of one ListStream message. Measured on loopback with 10 MB lists (10,000 objects of 1 KiB): 256 KiB to 4 MiB
 * chunks move as fast as one 10 MB message or faster, 64 KiB ones are slower (per-message overhead); 1 MiB keeps
 * each serialization and reassembly copy small while the client works on the previous chunk.
 */
export const listStreamChunkBytes = 1024 * 1024;

/**
 * ListStream: the same list as List, written in chunks of about {@link listStreamChunkBytes}, honouring HTTP/2
 * backpressure (a slow reader holds at most the stream's buffers, the items stay shared with the storage). A failure
 * of the list ends the stream with its status before any message; a client cancel stops the writing.
 */
async function serveListStream(storage: Storage, call: ServerWritableStream<ListRequest, ListResponse>, logger: Logger | undefined): Promise<void> {
  const controller = new AbortController();
  const signal = controller.signal;
  const abort = () => controller.abort();
  call.on('cancelled', abort);
  try {
    const res = await listAnswer(storage, call.request, signal);
    for (const chunk of splitListResponse(res, listStreamChunkBytes)) {
      if (signal.aborted) return;
      if (!call.write(chunk)) await drained(call, signal);
    }
    if (!signal.aborted) call.end();
  } catch (err) {
    if (signal.aborted) return;
    if (!isStorageError(err)) logger?.error({ err, method: 'listStream' }, 'storage call failed unexpectedly');
    call.emit('error', toGrpcStatus(err));
  } finally {
    call.off('cancelled', abort);
  }
}

async function serveWatch(
  storage: Storage,
  call: ServerWritableStream<WatchRequest, WatchEvent>,
  logger: Logger | undefined,
  shutdown: AbortSignal | undefined,
): Promise<void> {
  const controller = new AbortController();
  const signal = controller.signal;
  const abort = () => controller.abort();
  call.on('cancelled', abort);
  call.on('close', abort);
  // On shutdown the watch ends with UNAVAILABLE, so clients resume on another replica from their last revision.
  const onShutdown = () => {
    if (signal.aborted) return;
    controller.abort();
    call.emit('error', toGrpcStatus(new StorageError(StorageErrorCode.Unavailable, 'storage server is shutting down')));
  };
  if (shutdown?.aborted) return onShutdown();
  shutdown?.addEventListener('abort', onShutdown, { once: true });
  try {
    await forwardWatch(storage, call.request, signal, (ev) => (call.write(ev) ? undefined : drained(call, signal)));
    if (!signal.aborted) call.end();
  } catch (err) {
    if (signal.aborted) return;
    call.emit('error', watchFailureStatus(err, 'watch', logger));
  } finally {
    shutdown?.removeEventListener('abort', onShutdown);
    controller.abort();
  }
}

/** Resolves on 'drain', or when the call is cancelled (the loop then stops). */
function drained(call: Pick<ServerWritableStream<unknown, unknown>, 'once' | 'off'>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    call.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
