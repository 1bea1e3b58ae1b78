import { credentials, Metadata, status, type CallOptions, type ClientReadableStream, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import type {
  StorageClient,
  CountResponse,
  CreateAllResponse,
  CreateResponse,
  CurrentRevisionResponse,
  DeletePrefixResponse,
  DeleteResponse,
  GetResponse,
  ListRequest,
  ListResponse,
  UpdateResponse,
  WatchRequest,
} from '@strata/proto';
import type { Logger } from 'pino';
import type {
  ConditionalResult,
  CreateItem,
  DeletePrefixesOptions,
  GetOptions,
  GetResult,
  KeyValue,
  ListOptions,
  ListResult,
  Storage,
  WatchEvent,
  WatchOptions,
} from '../interfaces';
import { StorageError, StorageErrorCode } from '../errors';
import { validateCreateAll } from '../create-all';
import { validateDeletePrefixes } from '../delete-prefixes';
import { collectListChunks } from '../list-chunks';
import { fromGrpcError, isReplicaUnavailable } from './grpc-errors';
import { kvFromProto, matchToProto, requiredKv } from './proto-convert';
import { remoteWatch } from './remote-watch';
import { FastStorageClient } from './storage-client';
import { WatchMux, type WatchStream } from './watch-mux';

/** Options of {@link RemoteStorage}. */
export interface RemoteStorageOptions {
  /** host:port of each storage (watch-cache) replica. */
  readonly addresses: readonly string[];
  readonly logger?: Logger;
  /** Deadline of each unary call (default 30 s). */
  readonly callTimeoutMs?: number;
  /**
   * Watches of a replica share one WatchMany stream (default true); false opens a Watch RPC per watch (to compare
   * the two, or for a server without WatchMany — which the multiplexed path also detects by itself).
   */
  readonly multiplexWatches?: boolean;
  /** Events a multiplexed watch buffers for a consumer that has not read them before it is ended as too slow and resumed (default 10,000). */
  readonly watchBufferEvents?: number;
}

/**
 * HTTP/2 flow-control window of each channel (connection and stream). With a Watch RPC per watch, 10,000 streams
 * shared one connection and the 64 KiB default starved them (p50 2.6 s at 10,000 events/s, 12 ms with this
 * window). It does not bound what a channel buffers: grpc-js keeps reading a stream whose consumer paused
 * (measured: 100 MB buffered for one paused stream), which is why WatchMux bounds each watch's buffer itself.
 */
const flowControlWindowBytes = 16 * 1024 * 1024;

/** How long the second round waits for a reconnecting replica. */
const reconnectWaitMs = 3_000;

type Callback<Res> = (err: ServiceError | null, res: Res) => void;
type Invoke<Res> = (client: StorageClient, md: Metadata, opts: Partial<CallOptions>, cb: Callback<Res>) => ClientUnaryCall;

/**
 * The {@link Storage} contract as a client of the storage gRPC service (one or more watch-cache replicas).
 * Unary calls go round robin over the replicas with a deadline each; a replica answering UNAVAILABLE is skipped
 * for the next. The watches of a replica share one WatchMany stream (see WatchMux). A watch that breaks because
 * its replica went away resumes on another one from the last delivered revision (no gap, no duplicate).
 * Failures are StorageErrors restored from the status trailers;
 * Unavailable when no replica answers. `close()` closes every channel.
 */
export class RemoteStorage implements Storage {
  private readonly clients: StorageClient[];
  /** One watch multiplexer per replica; empty when every watch has its own Watch RPC. */
  private readonly watchMuxes: WatchMux[];
  private readonly callTimeoutMs: number;
  private readonly logger: Logger | undefined;
  private nextIndex = 0;

  constructor(opts: RemoteStorageOptions) {
    if (opts.addresses.length === 0) throw new Error('RemoteStorage needs at least one address');
    this.callTimeoutMs = opts.callTimeoutMs ?? 30_000;
    this.logger = opts.logger;
    this.clients = opts.addresses.map(
      (address) =>
        new FastStorageClient(address, credentials.createInsecure(), {
          'grpc.max_receive_message_length': 64 * 1024 * 1024,
          'grpc.max_send_message_length': 64 * 1024 * 1024,
          'grpc.keepalive_time_ms': 30_000,
          'grpc.keepalive_timeout_ms': 10_000,
          'grpc.keepalive_permit_without_calls': 1,
          // Reconnect quickly after a replica restarts.
          'grpc.initial_reconnect_backoff_ms': 200,
          'grpc.max_reconnect_backoff_ms': 2_000,
          'grpc-node.flow_control_window': flowControlWindowBytes,
        }),
    );
    const maxBufferedEvents = opts.watchBufferEvents ?? 10_000;
    this.watchMuxes = opts.multiplexWatches === false ? [] : this.clients.map((client) => new WatchMux(client, { maxBufferedEvents }));
  }

  /** Closes every channel; open watches end with Unavailable. Idempotent. */
  close(): void {
    for (const mux of this.watchMuxes) mux.close();
    for (const client of this.clients) client.close();
  }

  async get(key: string, opts: GetOptions = {}): Promise<GetResult> {
    const res = await this.unary<GetResponse>((c, md, o, cb) => c.get({ key, resourceVersion: opts.resourceVersion ?? '' }, md, o, cb), opts.signal);
    return { kv: requiredKv(res.kv, 'Get'), revision: res.revision };
  }

  /** The list collected from {@link listChunks} (the chunks' items are views into each received message). */
  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    return collectListChunks(this.listChunks(prefix, opts));
  }

  /**
   * The ListStream RPC: one ListResult per message of about 1 MiB, as they arrive (see Storage.listChunks). Until
   * the first message a replica answering UNAVAILABLE is skipped for the next one, as for a unary call, and the call
   * deadline bounds the wait (only that: see openListStream); after it a failure ends the iteration with its
   * StorageError (what was yielded cannot be taken back, and another replica may answer at another revision), and
   * the stream lasts as long as its reader reads, ended by the signal or by the reader stopping. A replica without
   * the method (UNIMPLEMENTED: an older watch-cache) is asked with the unary List. Unread messages wait in the
   * channel, bounded by its flow-control window.
   */
  async *listChunks(prefix: string, opts: ListOptions = {}): AsyncGenerator<ListResult> {
    const req = listRequestToProto(prefix, opts);
    const signal = opts.signal;
    const opened = await this.unary<OpenedListStream>((c, md, o, cb) => openListStream(c, req, md, o, cb), signal);
    if (opened === 'unimplemented') {
      yield listResultFromProto(await this.unary<ListResponse>((c, md, o, cb) => c.list(req, md, o, cb), signal));
      return;
    }
    const { call, messages, first } = opened;
    const cancel = () => call.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      if (first.done) throw new StorageError(StorageErrorCode.Internal, 'ListStream ended without a message');
      yield listResultFromProto(first.value);
      for (;;) {
        // Messages already received would still come out of the call's buffer after a cancel.
        if (signal?.aborted) throw signal.reason;
        let next: IteratorResult<ListResponse>;
        try {
          next = await messages.next();
        } catch (err) {
          if (signal?.aborted) throw signal.reason;
          throw fromGrpcError(err);
        }
        if (next.done) return;
        yield listResultFromProto(next.value);
      }
    } finally {
      signal?.removeEventListener('abort', cancel);
      // A consumer that stopped early (or failed) must not leave the call holding the channel's window.
      call.cancel();
    }
  }

  async create(key: string, value: Uint8Array, opts: { ttlSeconds?: number; signal?: AbortSignal } = {}): Promise<KeyValue> {
    const req = { key, value: toBuffer(value), ttlSeconds: opts.ttlSeconds ?? 0 };
    const res = await this.unary<CreateResponse>((c, md, o, cb) => c.create(req, md, o, cb), opts.signal);
    return requiredKv(res.kv, 'Create');
  }

  async createAll(items: readonly CreateItem[], opts: { signal?: AbortSignal } = {}): Promise<KeyValue[]> {
    // Checked here too: the wire carries revisions as integers (a fractional one would arrive truncated).
    validateCreateAll(items);
    const req = { items: items.map((item) => ({ key: item.key, value: toBuffer(item.value), expectedModRevision: item.expectedModRevision ?? 0 })) };
    const res = await this.unary<CreateAllResponse>((c, md, o, cb) => c.createAll(req, md, o, cb), opts.signal);
    if (res.kvs.length !== items.length) throw new StorageError(StorageErrorCode.Internal, `CreateAll answered ${res.kvs.length} keys for ${items.length}`);
    return res.kvs.map(kvFromProto);
  }

  async update(
    key: string,
    value: Uint8Array,
    expectedModRevision: number,
    opts: { ttlSeconds?: number; signal?: AbortSignal } = {},
  ): Promise<ConditionalResult> {
    const req = { key, value: toBuffer(value), expectedModRevision, ttlSeconds: opts.ttlSeconds ?? 0 };
    const res = await this.unary<UpdateResponse>((c, md, o, cb) => c.update(req, md, o, cb), opts.signal);
    if (res.succeeded) return { succeeded: true, kv: requiredKv(res.kv, 'Update') };
    return { succeeded: false, current: res.kv ? kvFromProto(res.kv) : undefined };
  }

  async delete(key: string, opts: { expectedModRevision?: number; signal?: AbortSignal } = {}): Promise<ConditionalResult> {
    const req = { key, expectedModRevision: opts.expectedModRevision ?? 0 };
    const res = await this.unary<DeleteResponse>((c, md, o, cb) => c.delete(req, md, o, cb), opts.signal);
    if (res.succeeded) return { succeeded: true, kv: requiredKv(res.kv, 'Delete') };
    return { succeeded: false, current: res.kv ? kvFromProto(res.kv) : undefined };
  }

  async deletePrefix(prefix: string, opts: { signal?: AbortSignal } = {}): Promise<{ deleted: number; revision: number }> {
    const res = await this.unary<DeletePrefixResponse>((c, md, o, cb) => c.deletePrefix({ prefix }, md, o, cb), opts.signal);
    return { deleted: res.deleted, revision: res.revision };
  }

  async deletePrefixes(prefixes: readonly string[], opts: DeletePrefixesOptions = {}): Promise<{ deleted: number; revision: number }> {
    validateDeletePrefixes(prefixes, opts); // as in createAll
    const req = {
      prefixes: [...prefixes],
      requireEmpty: [...(opts.requireEmpty ?? [])],
      deleteKeys: (opts.deleteKeys ?? []).map(({ key, expectedModRevision }) => ({ key, expectedModRevision })),
    };
    const res = await this.unary<DeletePrefixResponse>((c, md, o, cb) => c.deletePrefixes(req, md, o, cb), opts.signal);
    return { deleted: res.deleted, revision: res.revision };
  }

  async count(prefix: string, opts: { signal?: AbortSignal } = {}): Promise<number> {
    return (await this.unary<CountResponse>((c, md, o, cb) => c.count({ prefix }, md, o, cb), opts.signal)).count;
  }

  async currentRevision(opts: { signal?: AbortSignal } = {}): Promise<number> {
    return (await this.unary<CurrentRevisionResponse>((c, md, o, cb) => c.currentRevision({}, md, o, cb), opts.signal)).revision;
  }

  /** See remoteWatch: resumes on another replica from the last delivered revision. */
  watch(key: string, opts: WatchOptions): AsyncIterable<WatchEvent> {
    return remoteWatch(
      {
        openWatch: (req, avoidReplica) => this.openWatch(req, avoidReplica),
        list: (prefix, listOpts) => this.list(prefix, listOpts),
        currentRevision: (signal) => this.currentRevision({ signal }),
        replicas: this.clients.length,
        logger: this.logger,
      },
      key,
      opts,
    );
  }

  /**
   * A server-side watch on the next replica, round robin (not `avoidReplica` when there is another): over its
   * WatchMany stream, or its own Watch RPC.
   */
  private openWatch(req: WatchRequest, avoidReplica: number | undefined): { call: WatchStream; replica: number } {
    let index = this.nextIndex;
    if (index === avoidReplica && this.clients.length > 1) index = (index + 1) % this.clients.length;
    this.nextIndex = (index + 1) % this.clients.length;
    return { call: this.watchMuxes[index]?.watch(req) ?? this.client(index).watch(req), replica: index };
  }

  private client(index: number): StorageClient {
    const client = this.clients[index % this.clients.length];
    if (!client) throw new Error('RemoteStorage has no replica');
    return client;
  }

  /**
   * One unary call with a deadline. A replica answering UNAVAILABLE is skipped for the next one; when every
   * replica failed fast (their channels are reconnecting), a second round waits for a connection, a few
   * seconds per replica, so a replica that just restarted is used as soon as it is back.
   */
  private async unary<Res>(invoke: Invoke<Res>, signal: AbortSignal | undefined): Promise<Res> {
    let lastErr: unknown;
    // Each attempt its own replica, even while concurrent calls move the shared round-robin cursor.
    const first = this.nextIndex;
    this.nextIndex = (this.nextIndex + 1) % this.clients.length;
    const n = this.clients.length;
    for (let attempt = 0; attempt < 2 * n; attempt++) {
      signal?.throwIfAborted();
      const waitForReady = attempt >= n;
      const timeoutMs = waitForReady ? Math.min(this.callTimeoutMs, reconnectWaitMs) : this.callTimeoutMs;
      try {
        return await this.callOnce(this.client(first + attempt), invoke, { deadline: Date.now() + timeoutMs }, waitForReady, signal);
      } catch (err) {
        lastErr = err;
        const code = (err as ServiceError).code;
        const gaveUpWaiting = waitForReady && code === status.DEADLINE_EXCEEDED;
        if (!isReplicaUnavailable(err, signal?.aborted) && !gaveUpWaiting) break;
        this.logger?.debug({ attempt, code }, 'storage replica unavailable, trying the next');
      }
    }
    if (signal?.aborted) throw signal.reason;
    throw fromGrpcError(lastErr);
  }

  private callOnce<Res>(
    client: StorageClient,
    invoke: Invoke<Res>,
    callOpts: Partial<CallOptions>,
    waitForReady: boolean,
    signal: AbortSignal | undefined,
  ): Promise<Res> {
    const md = new Metadata();
    if (waitForReady) md.setOptions({ waitForReady: true });
    return new Promise<Res>((resolve, reject) => {
      const call = invoke(client, md, callOpts, (err, res) => {
        signal?.removeEventListener('abort', cancel);
        if (err) reject(err);
        else resolve(res);
      });
      const cancel = () => call.cancel();
      signal?.addEventListener('abort', cancel, { once: true });
    });
  }
}

/** A ListStream call whose first message (or end) has arrived; 'unimplemented' when the replica lacks the method. */
type OpenedListStream =
  | { readonly call: ClientReadableStream<ListResponse>; readonly messages: AsyncIterator<ListResponse>; readonly first: IteratorResult<ListResponse> }
  | 'unimplemented';

/**
 * Opens a ListStream call and answers `cb` like a unary call once the stream's first message, end or error is there
 * (so unary()'s failover applies). The call's deadline bounds only that wait, as DEADLINE_EXCEEDED: as a gRPC
 * deadline it would end the whole stream, and a large list read by a slow HTTP client, or opened in unary()'s short
 * "wait for a reconnecting replica" round, can outlast any per-call deadline (the caller's signal ends it instead).
 */
function openListStream(
  storageClient: StorageClient,
  req: ListRequest,
  md: Metadata,
  opts: Partial<CallOptions>,
  cb: Callback<OpenedListStream>,
): ClientUnaryCall {
  const { deadline, ...withoutDeadline } = opts;
  const call = storageClient.listStream(req, md, withoutDeadline);
  const waitMs = deadline === undefined ? Infinity : (deadline instanceof Date ? deadline.getTime() : deadline) - Date.now();
  let timedOut = false;
  const timer = Number.isFinite(waitMs)
    ? setTimeout(() => {
        timedOut = true;
        call.cancel();
      }, Math.max(0, waitMs))
    : undefined;
  const tooLate = (): ServiceError =>
    Object.assign(new Error(`${status.DEADLINE_EXCEEDED} DEADLINE_EXCEEDED: no ListStream message within the deadline`), {
      code: status.DEADLINE_EXCEEDED,
      details: 'Deadline exceeded before the first ListStream message',
      metadata: new Metadata(),
    });
  const messages = call[Symbol.asyncIterator]() as AsyncIterator<ListResponse>;
  messages.next().then(
    (first) => {
      clearTimeout(timer);
      // A message that raced the timer comes from a call already cancelled: the rest of the stream is lost.
      if (timedOut) cb(tooLate(), 'unimplemented');
      else cb(null, { call, messages, first });
    },
    (err: ServiceError) => {
      clearTimeout(timer);
      if (timedOut) cb(tooLate(), 'unimplemented');
      else if (err.code === status.UNIMPLEMENTED) cb(null, 'unimplemented');
      else cb(err, 'unimplemented');
    },
  );
  return call as unknown as ClientUnaryCall;
}

function listRequestToProto(prefix: string, opts: ListOptions): ListRequest {
  return {
    prefix,
    resourceVersion: opts.resourceVersion ?? '',
    resourceVersionMatch: matchToProto(opts.resourceVersionMatch),
    limit: opts.limit ?? 0,
    continue: opts.continueToken ?? '',
    labelSelector: opts.labelSelector ?? '',
    fieldSelector: opts.fieldSelector ?? '',
  };
}

function listResultFromProto(res: ListResponse): ListResult {
  // A decoded proto KeyValue already has the contract's shape: no second object per item.
  const out = { items: res.kvs, revision: res.revision, continueToken: res.continue };
  return res.remainingItemCount === undefined ? out : { ...out, remainingItemCount: res.remainingItemCount };
}

function toBuffer(v: Uint8Array): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}
