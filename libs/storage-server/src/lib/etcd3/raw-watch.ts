import type { Etcd3, IKeyValue, IWatchRequest, IWatchResponse } from 'etcd3';
import type { Logger } from 'pino';
import type { KeyValue } from '@strata/storage';
import { StorageError, StorageErrorCode } from '@strata/storage';

/**
 * One etcd watch event. For a delete, `kv.modRevision` is the delete revision and `kv.value` is the previous
 * value when prevKv was requested (else empty).
 */
export interface EtcdWatchEventRaw {
  readonly type: 'put' | 'delete';
  readonly kv: KeyValue;
  readonly prevKv?: KeyValue;
}

/**
 * What one etcd WatchResponse carried. An event batch never splits a revision; its `revision` is the last event's
 * mod_revision. A progress batch (`progressNotify`, no events) carries etcd's header revision.
 */
export interface EtcdWatchBatch {
  readonly events: readonly EtcdWatchEventRaw[];
  readonly revision: number;
  readonly progressNotify: boolean;
}

/** A single-consumer stream of {@link EtcdWatchBatch}es. */
export interface EtcdWatchStream extends AsyncIterable<EtcdWatchBatch> {
  /** Asks etcd for a progress notification (answered as a `progressNotify` batch). No-op while reconnecting. */
  requestProgress(): void;
  /** Cancels the etcd stream and ends the iteration. Idempotent. */
  close(): void;
}

/** Options of {@link openEtcdWatch}. */
export interface OpenEtcdWatchOptions {
  readonly key: string;
  /** Watch every key starting with `key`. With `key` "" this is the whole keyspace. */
  readonly prefix: boolean;
  /** First revision delivered (inclusive); 0 = from now. */
  readonly startRevision: number;
  readonly prevKv?: boolean;
  readonly progressNotify?: boolean;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** Batches held for a slow consumer before reading from etcd pauses (default 64). */
  readonly maxBufferedBatches?: number;
  /** Reconnect backoff bounds in ms (default 100 → 3000). */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

/** The duplex the etcd3 package hands back: a grpc-js ClientDuplexStream (so it has pause/resume). */
interface WatchDuplex {
  write(req: IWatchRequest): void;
  cancel(): void;
  pause(): void;
  resume(): void;
  on(event: 'data', fn: (res: IWatchResponse) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'end', fn: () => void): unknown;
  removeAllListeners(): unknown;
}

/**
 * Opens an etcd watch on the raw gRPC Watch stream (not the etcd3 package's Watcher, which resumes from the header
 * revision of any response, hides compact_revision and cannot request progress).
 *
 * Iteration yields batches in revision order. When the stream breaks (etcd restart, leader change) it reconnects
 * with bounded backoff and resumes from the last delivered event's mod_revision + 1 (or `startRevision` before any
 * event): never from a created-response header, and never from a progress-notify revision, because etcd < 3.4.25
 * can send a progress notification before events at lower revisions (the resume point would skip them). Progress
 * batches are therefore hints: events with revision ≤ an earlier progress revision can still follow on 3.4.23.
 *
 * Errors (thrown by the iterator after the batches received before them): StorageError ResourceVersionExpired
 * (`revision` = etcd's compact revision) when the resume point was compacted; StorageError Internal when etcd
 * cancels the watch for another reason. Aborting `signal` or calling `close()` ends the iteration normally.
 */
export function openEtcdWatch(etcdClient: Etcd3, opts: OpenEtcdWatchOptions): EtcdWatchStream {
  return new RawEtcdWatch(etcdClient, opts);
}

const encoder = new TextEncoder();

/** etcd's range_end for "every key with this prefix": the prefix with its last byte incremented. */
export function prefixRangeEnd(prefix: string): Buffer {
  const bytes = Buffer.from(encoder.encode(prefix));
  for (let i = bytes.length - 1; i >= 0; i--) {
    const byte = bytes[i] ?? 0xff;
    if (byte < 0xff) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i] = byte + 1;
      return end;
    }
  }
  return Buffer.from([0]); // "\0" = to the end of the keyspace
}

function toKeyValue(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    value: kv.value ?? new Uint8Array(0),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

class RawEtcdWatch implements EtcdWatchStream {
  private readonly queue: EtcdWatchBatch[] = [];
  private readonly maxBuffered: number;
  private failure: Error | undefined;
  private closed = false;
  private paused = false;
  private wake: (() => void) | undefined;
  private stream: WatchDuplex | undefined;
  private watching = false;
  /** Where a new etcd watch must start so nothing is lost or repeated. */
  private nextRevision: number;
  private readonly onAbort = () => this.close();

  constructor(
    private readonly etcdClient: Etcd3,
    private readonly opts: OpenEtcdWatchOptions,
  ) {
    this.maxBuffered = opts.maxBufferedBatches ?? 64;
    this.nextRevision = opts.startRevision;
    if (opts.signal?.aborted) {
      this.closed = true;
      return;
    }
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    void this.run();
  }

  requestProgress(): void {
    if (this.stream && this.watching && !this.closed) this.stream.write({ progress_request: {} });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.dropStream();
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<EtcdWatchBatch> {
    try {
      for (;;) {
        const batch = this.queue.shift();
        if (batch) {
          if (this.paused && this.queue.length <= this.maxBuffered / 2) {
            this.paused = false;
            this.stream?.resume();
          }
          yield batch;
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.close();
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.failure = err;
    this.close();
  }

  private dropStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    this.watching = false;
    this.paused = false;
    if (stream) {
      stream.removeAllListeners();
      stream.on('error', () => undefined); // the cancel itself surfaces as a CANCELLED error
      stream.cancel();
    }
  }

  private async run(): Promise<void> {
    const minBackoff = this.opts.minBackoffMs ?? 100;
    const maxBackoff = this.opts.maxBackoffMs ?? 3000;
    let backoff = minBackoff;
    while (!this.closed) {
      const delivered = await this.watchOnce().catch((err: unknown) => {
        this.opts.logger?.warn({ err, key: this.opts.key }, 'etcd watch stream failed to open');
        return false;
      });
      if (this.closed) return;
      backoff = delivered ? minBackoff : Math.min(backoff * 2, maxBackoff);
      this.opts.logger?.info({ key: this.opts.key, resumeRevision: this.nextRevision, backoffMs: backoff }, 'etcd watch reconnecting');
      await new Promise((resolve) => setTimeout(resolve, backoff * (0.5 + Math.random() / 2)));
    }
  }

  /** Runs one etcd stream until it breaks; resolves whether it got a created response (the backoff resets). */
  private async watchOnce(): Promise<boolean> {
    const stream = (await this.etcdClient.watchClient.watch()) as unknown as WatchDuplex;
    if (this.closed) {
      stream.on('error', () => undefined);
      stream.cancel();
      return false;
    }
    this.stream = stream;
    let created = false;
    await new Promise<void>((resolve) => {
      stream.on('data', (res) => {
        if (this.stream !== stream) return;
        if (res.created) created = true;
        this.handle(res);
        if (this.stream !== stream) resolve();
      });
      stream.on('error', (err) => {
        if (this.stream === stream) this.opts.logger?.warn({ err, key: this.opts.key }, 'etcd watch stream broke');
        resolve();
      });
      stream.on('end', () => resolve());
      const create: IWatchRequest['create_request'] = {
        // etcd spells "every key" as key "\0" with range_end "\0" (clientv3 WithPrefix on "").
        key: this.opts.key === '' && this.opts.prefix ? Buffer.from([0]) : Buffer.from(encoder.encode(this.opts.key)),
        start_revision: this.nextRevision,
        progress_notify: this.opts.progressNotify ?? false,
        prev_kv: this.opts.prevKv ?? false,
      };
      if (this.opts.prefix) create.range_end = prefixRangeEnd(this.opts.key);
      stream.write({ create_request: create });
    });
    if (this.stream === stream) this.dropStream();
    return created;
  }

  private handle(res: IWatchResponse): void {
    const compactRevision = Number(res.compact_revision ?? 0);
    if (compactRevision > 0) {
      this.fail(
        new StorageError(
          StorageErrorCode.ResourceVersionExpired,
          'The resourceVersion for the provided watch is too old.',
          this.opts.key,
          compactRevision,
        ),
      );
      return;
    }
    if (res.canceled) {
      this.fail(new StorageError(StorageErrorCode.Internal, `etcd canceled the watch: ${res.cancel_reason}`, this.opts.key));
      return;
    }
    if (res.created) {
      this.watching = true;
      // Only a watch "from now" learns its position from the created header: no event precedes it.
      if (this.nextRevision <= 0) this.nextRevision = Number(res.header.revision) + 1;
      return;
    }
    const events = res.events ?? [];
    if (events.length === 0) {
      this.push({ events: [], revision: Number(res.header.revision), progressNotify: true });
      return;
    }
    const out: EtcdWatchEventRaw[] = events.map((ev) => {
      const prevKv = ev.prev_kv ? toKeyValue(ev.prev_kv) : undefined;
      if (ev.type === 'Delete') {
        const kv = toKeyValue(ev.kv);
        return {
          type: 'delete',
          kv: { ...kv, value: prevKv?.value ?? kv.value, createRevision: prevKv?.createRevision ?? kv.createRevision },
          prevKv,
        };
      }
      return { type: 'put', kv: toKeyValue(ev.kv), prevKv };
    });
    const revision = out[out.length - 1]?.kv.modRevision ?? 0;
    this.nextRevision = revision + 1;
    this.push({ events: out, revision, progressNotify: false });
  }

  private push(batch: EtcdWatchBatch): void {
    this.queue.push(batch);
    if (this.queue.length >= this.maxBuffered && !this.paused) {
      // Backpressure: grpc-js stops reading, HTTP/2 flow control then holds etcd back.
      this.paused = true;
      this.stream?.pause();
    }
    this.notify();
  }
}
