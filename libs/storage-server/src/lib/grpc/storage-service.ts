import type { sendUnaryData, ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import type { ListRequest, ListResponse, StorageServer, WatchEvent, WatchRequest } from '@strata/proto';
import { StorageError, StorageErrorCode, isStorageError, type Storage } from '@strata/storage';
import type { Logger } from 'pino';
import { toGrpcStatus } from './grpc-status';
import { kvToProto, matchFromProto, watchEventToProto } from './proto-convert';

/**
 * The gRPC Storage service over any {@link Storage} (etcd3 or the cacher). Failures become statuses in
 * toGrpcStatus only. A client cancel or deadline aborts the storage call. Watch honours HTTP/2 backpressure:
 * when the client reads slowly the service stops pulling events from the storage (whose buffers are bounded).
 * Aborting `shutdown` ends every open watch with UNAVAILABLE (clients resume elsewhere).
 */
export function createStorageService(storage: Storage, opts: { logger?: Logger; shutdown?: AbortSignal } = {}): StorageServer {
  const logger = opts.logger;
  const shutdown = opts.shutdown;
  function unary<Req, Res>(method: string, run: (req: Req, signal: AbortSignal) => Promise<Res>) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
      const controller = new AbortController();
      call.on('cancelled', () => controller.abort());
      run(call.request, controller.signal).then(
        (res) => callback(null, res),
        (err: unknown) => {
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
    list: unary('list', async (req, signal) => {
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
    }),
    create: unary('create', async (req, signal) => {
      const kv = await storage.create(req.key, req.value, { ttlSeconds: req.ttlSeconds, signal });
      return { kv: kvToProto(kv) };
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
    deletePrefixes: unary('deletePrefixes', (req, signal) => storage.deletePrefixes(req.prefixes, { signal })),
    // Contract added ahead of its implementation (issue 3: streamed LIST).
    listStream: (call: ServerWritableStream<ListRequest, ListResponse>): void => {
      call.destroy(toGrpcStatus(new StorageError(StorageErrorCode.Unavailable, 'ListStream is not implemented yet')) as unknown as Error);
    },
    count: unary('count', async (req, signal) => ({ count: await storage.count(req.prefix, { signal }) })),
    currentRevision: unary('currentRevision', async (_req, signal) => ({ revision: await storage.currentRevision({ signal }) })),
    watch: (call: ServerWritableStream<WatchRequest, WatchEvent>): void => {
      void serveWatch(storage, call, logger, shutdown);
    },
  };
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
  const req = call.request;
  try {
    const events = storage.watch(req.key, {
      recursive: req.recursive,
      resourceVersion: req.resourceVersion,
      sendInitialEvents: req.sendInitialEvents ? true : undefined,
      allowBookmarks: req.allowBookmarks,
      labelSelector: req.labelSelector,
      fieldSelector: req.fieldSelector,
      signal,
    });
    for await (const ev of events) {
      if (signal.aborted) break;
      if (!call.write(watchEventToProto(ev))) await drained(call, signal);
    }
    if (!signal.aborted) call.end();
  } catch (err) {
    if (signal.aborted) return;
    if (!isStorageError(err)) logger?.error({ err, method: 'watch' }, 'storage watch failed unexpectedly');
    call.emit('error', toGrpcStatus(err));
  } finally {
    shutdown?.removeEventListener('abort', onShutdown);
    controller.abort();
  }
}

/** Resolves on 'drain', or when the call is cancelled (the loop then stops). */
function drained(call: ServerWritableStream<WatchRequest, WatchEvent>, signal: AbortSignal): Promise<void> {
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
