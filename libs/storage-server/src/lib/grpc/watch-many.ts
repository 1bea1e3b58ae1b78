import type { ServerDuplexStream, StatusObject } from '@grpc/grpc-js';
import type { TaggedWatchEvent, WatchEnd, WatchEvent, WatchManyRequest, WatchManyResponse, WatchRequest } from '@strata/proto';
import { StorageError, StorageErrorCode, storageErrorTrailer, storageRevisionTrailer, type Storage } from '@strata/storage';
import type { Logger } from 'pino';
import { toGrpcStatus } from './grpc-status';
import { forwardWatch, watchFailureStatus } from './watch-forward';

/**
 * A message is written as soon as it holds about this many bytes of events instead of at the end of the tick: big
 * enough that per-message costs vanish, small enough that the client decodes while the next one is built.
 */
export const watchManyFlushBytes = 1024 * 1024;
/** Open watches one stream may hold; a create beyond this is ended with Unavailable. */
export const maxWatchesPerStream = 100_000;

/** Options of {@link serveWatchMany}. */
export interface WatchManyOptions {
  readonly logger?: Logger;
  /** Aborting it ends the stream with UNAVAILABLE, so clients resume every watch on another replica. */
  readonly shutdown?: AbortSignal;
}

/**
 * Serves one WatchMany stream: every watch the client creates runs the same per-watch loop as Watch
 * (forwardWatch). Events that are ready in one tick go out as one message (tagged by watch id); a watch that ends
 * gets a WatchEnd with the status Watch would have ended with. Backpressure: while the stream cannot take more
 * (the client reads slowly), no message is written and each watch stops pulling from the storage after at most
 * one more event, so the storage's bounded per-watcher buffers fill and the cacher ends the watchers that fall
 * behind as too slow; what waits here is bounded by one message plus one event per watch. A cancel stops its watch;
 * the client closing or cancelling the stream stops them all.
 */
export function serveWatchMany(storage: Storage, call: ServerDuplexStream<WatchManyRequest, WatchManyResponse>, opts: WatchManyOptions = {}): void {
  new WatchManyStream(storage, call, opts).start();
}

class WatchManyStream {
  private readonly watches = new Map<number, AbortController>();
  private events: TaggedWatchEvent[] = [];
  private ends: WatchEnd[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;
  /** The last write returned false: nothing more is written until 'drain'. */
  private congested = false;
  /** Watches waiting for room (see send). */
  private waiting: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly storage: Storage,
    private readonly call: ServerDuplexStream<WatchManyRequest, WatchManyResponse>,
    private readonly opts: WatchManyOptions,
  ) {}

  start(): void {
    const shutdown = this.opts.shutdown;
    const onShutdown = () => this.fail(toGrpcStatus(new StorageError(StorageErrorCode.Unavailable, 'storage server is shutting down')));
    if (shutdown?.aborted) return onShutdown();
    shutdown?.addEventListener('abort', onShutdown, { once: true });
    const stopped = () => {
      shutdown?.removeEventListener('abort', onShutdown);
      this.stop();
    };
    this.call.on('data', (req: WatchManyRequest) => this.onRequest(req));
    // The client closed its side (it has no watch left): every watch stops and the stream ends.
    this.call.on('end', () => {
      if (this.closed) return;
      stopped();
      this.call.end();
    });
    this.call.on('cancelled', stopped);
    this.call.on('close', stopped);
    this.call.on('error', stopped);
    this.call.on('drain', () => this.onDrain());
  }

  private onRequest(req: WatchManyRequest): void {
    if (this.closed) return;
    if (req.create) this.create(req.create.watchId, req.create.request);
    else if (req.cancel) {
      const id = req.cancel.watchId;
      this.watches.get(id)?.abort();
      this.watches.delete(id);
    }
  }

  private create(id: number, req: WatchRequest | undefined): void {
    const reject = (err: StorageError) => this.end(id, toGrpcStatus(err));
    if (this.watches.has(id)) {
      // Both the open watch and the new one are ended: the id means nothing certain any more.
      this.watches.get(id)?.abort();
      this.watches.delete(id);
      return reject(new StorageError(StorageErrorCode.InvalidArgument, `watch id ${id} is already in use on this stream`));
    }
    if (!req) return reject(new StorageError(StorageErrorCode.InvalidArgument, 'a watch create needs a request'));
    if (this.watches.size >= maxWatchesPerStream) {
      return reject(new StorageError(StorageErrorCode.Unavailable, `too many watches on one stream (${maxWatchesPerStream})`));
    }
    const controller = new AbortController();
    this.watches.set(id, controller);
    const finish = (status: StatusObject | undefined) => {
      // Cancelled by the client, or the whole stream stopped: nobody waits for an end.
      if (controller.signal.aborted) return;
      controller.abort();
      this.watches.delete(id);
      this.end(id, status);
    };
    forwardWatch(this.storage, req, controller.signal, (ev) => this.send(id, ev)).then(
      () => finish(undefined),
      (err: unknown) => finish(controller.signal.aborted ? undefined : watchFailureStatus(err, 'watchMany', this.opts.logger)),
    );
  }

  /** Queues one event; returns a promise when the watch must wait for room (the stream is congested). */
  private send(id: number, event: WatchEvent): void | Promise<void> {
    if (this.closed) return;
    this.events.push({ watchId: id, event });
    this.pendingBytes += approxEventBytes(event);
    if (this.pendingBytes >= watchManyFlushBytes) this.flush();
    else this.scheduleFlush();
    if (this.congested) return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Queues the end of a watch: OK (`status` undefined) or the status Watch would end with. */
  private end(id: number, status: StatusObject | undefined): void {
    if (this.closed) return;
    const storageError = status?.metadata.get(storageErrorTrailer)[0];
    const revision = status?.metadata.get(storageRevisionTrailer)[0];
    this.ends.push({
      watchId: id,
      code: status?.code ?? 0,
      message: status?.details ?? '',
      storageError: typeof storageError === 'string' ? storageError : '',
      revision: typeof revision === 'string' ? Number(revision) : undefined,
    });
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Writes what is queued as one message, unless the stream is congested or closed. */
  private flush(): void {
    if (this.closed || this.congested || (this.events.length === 0 && this.ends.length === 0)) return;
    const message: WatchManyResponse = { events: this.events, ends: this.ends };
    this.events = [];
    this.ends = [];
    this.pendingBytes = 0;
    if (!this.call.write(message)) this.congested = true;
  }

  private onDrain(): void {
    this.congested = false;
    this.flush();
    if (!this.congested) this.release();
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  private stopWatches(): void {
    for (const controller of this.watches.values()) controller.abort();
    this.watches.clear();
  }

  /** The stream is gone (cancelled, closed, failed): stop every watch, write nothing more. */
  private stop(): void {
    this.stopWatches();
    this.closed = true;
    this.events = [];
    this.ends = [];
    this.release();
  }

  /** Ends the whole stream with `status` after what is already queued (the client fails every watch with it). */
  private fail(status: StatusObject): void {
    if (this.closed) return;
    this.stopWatches();
    this.congested = false;
    this.flush();
    this.stop();
    this.call.emit('error', status);
  }
}

/** Wire bytes of one tagged event, roughly: to size messages without encoding them. */
function approxEventBytes(ev: WatchEvent): number {
  return 48 + (ev.kv ? ev.kv.key.length + ev.kv.value.byteLength : 0) + (ev.prevKv ? ev.prevKv.key.length + ev.prevKv.value.byteLength : 0);
}
