import { Metadata, status, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import type { StorageClient, WatchEnd, WatchEvent, WatchManyRequest, WatchManyResponse, WatchRequest } from '@strata/proto';
import { storageErrorTrailer, storageRevisionTrailer } from './grpc-errors';

/**
 * One watch as remoteWatch reads it: the events in order, ending normally or by throwing a gRPC-like error
 * (code, details, trailers: see fromGrpcError); `cancel()` stops it (a pending read then fails with CANCELLED).
 * A Watch RPC's ClientReadableStream is one, and so is a watch of a {@link WatchMux}.
 */
export interface WatchStream extends AsyncIterable<WatchEvent> {
  cancel(): void;
}

/** Options of {@link WatchMux}. */
export interface WatchMuxOptions {
  /**
   * Events one watch buffers for a consumer that has not read them yet; one more ends that watch as too slow
   * (the events buffered before are still delivered, then UNAVAILABLE, and remoteWatch resumes from the last one).
   */
  readonly maxBufferedEvents: number;
}

/** The cacher's words for a watcher that fell behind, so a consumer sees one message whichever side ended it. */
const tooSlowMessage = 'the watcher did not keep up and was closed; resume the watch from the last resourceVersion it received';

/**
 * All watches of one replica over one WatchMany stream, as etcd multiplexes a client's watches: one HTTP/2 stream
 * and one message per tick of events instead of a stream and a message per watch and event. The stream is opened
 * with the first watch and half-closed when the last one is cancelled. The stream is always read: each watch
 * buffers its events up to `maxBufferedEvents`, then ends as too slow (one slow consumer never holds back the
 * others). When the stream fails, every watch on it fails with that status (UNAVAILABLE or CANCELLED when the
 * replica went away: remoteWatch resumes them elsewhere). A replica that does not serve WatchMany (UNIMPLEMENTED:
 * an older watch-cache) fails its watches as UNAVAILABLE once, and later watches use the Watch RPC.
 */
export class WatchMux {
  private stream: MuxStream | undefined;
  private unsupported = false;
  private closed = false;

  constructor(
    private readonly storageClient: StorageClient,
    private readonly opts: WatchMuxOptions,
  ) {}

  /** Opens a watch on this replica. */
  watch(req: WatchRequest): WatchStream {
    if (this.unsupported) return this.storageClient.watch(req);
    if (this.closed) return failedWatch(grpcError(status.UNAVAILABLE, 'the storage client is closed'));
    if (!this.stream || this.stream.isClosed) {
      this.stream = new MuxStream(this.storageClient.watchMany(), this.opts, () => {
        this.unsupported = true;
      });
    }
    return this.stream.open(req);
  }

  /** Cancels the stream: its watches fail with CANCELLED; later watches fail with UNAVAILABLE. Idempotent. */
  close(): void {
    this.closed = true;
    this.stream?.cancel();
  }
}

/** One WatchMany stream and the watches it carries. */
class MuxStream {
  private readonly watches = new Map<number, MuxWatch>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly call: ClientDuplexStream<WatchManyRequest, WatchManyResponse>,
    private readonly opts: WatchMuxOptions,
    onUnimplemented: () => void,
  ) {
    call.on('data', (res: WatchManyResponse) => this.onMessage(res));
    call.on('error', (err: ServiceError) => {
      if (err.code === status.UNIMPLEMENTED) {
        onUnimplemented();
        this.failAll(grpcError(status.UNAVAILABLE, 'the storage replica does not serve WatchMany; reopening with Watch'));
      } else this.failAll(err);
    });
    call.on('end', () => this.failAll(grpcError(status.UNAVAILABLE, 'the storage watch stream ended')));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  open(req: WatchRequest): WatchStream {
    const id = this.nextId++;
    const watch = new MuxWatch(this, id, this.opts.maxBufferedEvents);
    this.watches.set(id, watch);
    this.call.write({ create: { watchId: id, request: req } });
    return watch;
  }

  /** The watch no longer listens: the server stops it; the last one closes the stream. */
  forget(id: number): void {
    if (!this.watches.delete(id) || this.closed) return;
    this.call.write({ cancel: { watchId: id } });
    if (this.watches.size === 0) {
      this.closed = true;
      this.call.end();
    }
  }

  cancel(): void {
    this.closed = true;
    this.call.cancel();
  }

  private onMessage(res: WatchManyResponse): void {
    // Events of a watch that was cancelled meanwhile are dropped.
    for (const tagged of res.events) if (tagged.event) this.watches.get(tagged.watchId)?.push(tagged.event);
    for (const end of res.ends) {
      const watch = this.watches.get(end.watchId);
      if (!watch) continue;
      this.watches.delete(end.watchId);
      watch.finish(endError(end));
    }
  }

  private failAll(err: unknown): void {
    this.closed = true;
    const watches = [...this.watches.values()];
    this.watches.clear();
    for (const watch of watches) watch.finish(err);
  }
}

/** One watch of a MuxStream: a bounded queue read by one consumer. */
class MuxWatch implements WatchStream, AsyncIterator<WatchEvent> {
  private queue: WatchEvent[] = [];
  private finished = false;
  private failure: unknown;
  private reader: { resolve: (r: IteratorResult<WatchEvent>) => void; reject: (err: unknown) => void } | undefined;

  constructor(
    private readonly stream: MuxStream,
    private readonly id: number,
    private readonly maxBuffered: number,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    return this;
  }

  push(ev: WatchEvent): void {
    if (this.finished) return;
    const reader = this.reader;
    if (reader) {
      this.reader = undefined;
      reader.resolve({ value: ev, done: false });
      return;
    }
    if (this.queue.length >= this.maxBuffered) {
      this.stream.forget(this.id);
      this.finish(grpcError(status.UNAVAILABLE, tooSlowMessage, 'Unavailable'));
      return;
    }
    this.queue.push(ev);
  }

  /** Ends the watch after the buffered events: normally (`err` undefined) or by throwing `err`. */
  finish(err: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.failure = err;
    const reader = this.reader;
    this.reader = undefined;
    if (!reader) return;
    if (err === undefined) reader.resolve({ value: undefined, done: true });
    else {
      this.failure = undefined;
      reader.reject(err);
    }
  }

  next(): Promise<IteratorResult<WatchEvent>> {
    const ev = this.queue.shift();
    if (ev) return Promise.resolve({ value: ev, done: false });
    if (this.failure !== undefined) {
      const err = this.failure;
      this.failure = undefined;
      return Promise.reject(err);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.reader = { resolve, reject }));
  }

  /** A consumer that stops iterating cancels the watch. */
  return(): Promise<IteratorResult<WatchEvent>> {
    this.cancel();
    return Promise.resolve({ value: undefined, done: true });
  }

  cancel(): void {
    if (this.finished) return;
    this.queue = [];
    this.stream.forget(this.id);
    this.finish(grpcError(status.CANCELLED, 'Cancelled on client'));
  }
}

/** The error a watch ended by the server throws: what the Watch RPC's status and trailers would have said. */
function endError(end: WatchEnd): ServiceError | undefined {
  if (end.code === status.OK) return undefined;
  return grpcError(end.code, end.message, end.storageError, end.revision);
}

function grpcError(code: status, details: string, storageError = '', revision?: number): ServiceError {
  const metadata = new Metadata();
  if (storageError !== '') metadata.set(storageErrorTrailer, storageError);
  if (revision !== undefined) metadata.set(storageRevisionTrailer, String(revision));
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

function failedWatch(err: ServiceError): WatchStream {
  return { cancel: () => undefined, [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(err) }) };
}
