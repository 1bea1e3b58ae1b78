import { getEventListeners, setMaxListeners } from 'node:events';
import * as http2 from 'node:http2';
import { Server, ServerCredentials, status, type ServerDuplexStream, type ServerWritableStream } from '@grpc/grpc-js';
import { WatchManyRequest, WatchManyResponse, type WatchEnd, type WatchEvent as ProtoWatchEvent, type WatchRequest } from '@strata/proto';
import { RemoteStorage, StorageError, StorageErrorCode, type Storage, type WatchEvent, type WatchOptions } from '@strata/storage';
import { WatchReader } from '@strata/storage/testing';
import { EtcdProcess } from '@strata/testing';
import { Etcd3 } from 'etcd3';
import { pino } from 'pino';
import { Cacher } from '../cacher/cacher';
import { Etcd3Storage } from '../etcd3/etcd3-storage';
import { useTwoReplicas } from '../../testing/two-replicas';
import { startStorageGrpcServer, type StorageGrpcServer } from './storage-grpc-server';
import { createStorageService } from './storage-service';
import { storageServiceDefinition } from './watch-many-wire';

/**
 * A storage gRPC server like startStorageGrpcServer's that counts the watch calls it serves; `withoutWatchMany`
 * leaves WatchMany unimplemented, like a watch-cache from before it.
 */
async function startCountingServer(
  storage: Storage,
  withoutWatchMany = false,
): Promise<{ address: string; calls: { watch: number; watchMany: number }; stop(): Promise<void> }> {
  const service = createStorageService(storage);
  const calls = { watch: 0, watchMany: 0 };
  const server = new Server();
  server.addService(storageServiceDefinition, {
    ...service,
    watch: (call: ServerWritableStream<WatchRequest, ProtoWatchEvent>) => {
      calls.watch++;
      service.watch(call);
    },
    ...(withoutWatchMany
      ? { watchMany: undefined as unknown as typeof service.watchMany }
      : {
          watchMany: (call: ServerDuplexStream<WatchManyRequest, WatchManyResponse>) => {
            calls.watchMany++;
            service.watchMany(call);
          },
        }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  return { address: `127.0.0.1:${port}`, calls, stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}

function expectStorageError(err: unknown, code: StorageErrorCode): StorageError {
  expect(err).toBeInstanceOf(StorageError);
  expect((err as StorageError).code).toBe(code);
  return err as StorageError;
}

describe('WatchMany: many watches over one stream (integration, real etcd, watch-cache in process)', () => {
  let etcd: EtcdProcess | undefined;
  let etcdClient: Etcd3 | undefined;
  let cacher: Cacher | undefined;
  let served: ReturnType<typeof withOpenWatchCount> | undefined;
  let server: Awaited<ReturnType<typeof startCountingServer>> | undefined;
  const logLines: string[] = [];
  const remotes: RemoteStorage[] = [];

  /** A client of the counting server; closed after all tests. */
  function client(opts: { multiplexWatches?: boolean; watchBufferEvents?: number } = {}): RemoteStorage {
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    const remote = new RemoteStorage({ addresses: [server!.address], callTimeoutMs: 10_000, logger, ...opts });
    remotes.push(remote);
    return remote;
  }

  beforeAll(async () => {
    etcd = await EtcdProcess.start();
    etcdClient = new Etcd3({ hosts: etcd.endpoint });
    cacher = new Cacher({ etcdClient, writeThrough: new Etcd3Storage({ etcdClient }), prefix: '/registry/' });
    await cacher.start();
    served = withOpenWatchCount(cacher);
    server = await startCountingServer(served.storage);
  }, 60_000);

  afterAll(async () => {
    for (const remote of remotes) remote.close();
    await server?.stop();
    await cacher?.stop();
    etcdClient?.close();
    await etcd?.stop();
  }, 30_000);

  it('opens every watch of a replica on one stream and delivers each event to the watches it belongs to', async () => {
    const remote = client();
    const before = { ...server!.calls };
    const prefix = (i: number) => `/registry/core/configmaps/mux-${i}/`;
    const start = await remote.currentRevision();
    const controller = new AbortController();
    setMaxListeners(50, controller.signal);
    const readers = Array.from({ length: 50 }, (_, i) =>
      new WatchReader(remote.watch(prefix(i), { recursive: true, resourceVersion: String(start), signal: controller.signal }), controller),
    );
    try {
      const written: number[][] = [];
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < readers.length; i++) {
          const kv = await remote.create(`${prefix(i)}ns/cm${round}`, Buffer.from(`{"i":${i},"round":${round}}`));
          (written[i] ??= []).push(kv.modRevision);
        }
      }
      for (let i = 0; i < readers.length; i++) {
        const events = await readers[i]!.take(2);
        expect(events.map((e) => [e.type, e.kv?.key, e.revision])).toEqual([
          ['ADDED', `${prefix(i)}ns/cm0`, written[i]![0]],
          ['ADDED', `${prefix(i)}ns/cm1`, written[i]![1]],
        ]);
      }
      expect(server!.calls.watchMany - before.watchMany).toBe(1);
      expect(server!.calls.watch - before.watch).toBe(0);
    } finally {
      controller.abort();
    }
  }, 60_000);

  it('cancelling one watch leaves the others of the stream running', async () => {
    const remote = client();
    const prefix = '/registry/core/configmaps/mux-cancel/';
    const start = await remote.currentRevision();
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const readers = controllers.map((c) => new WatchReader(remote.watch(prefix, { recursive: true, resourceVersion: String(start), signal: c.signal }), c));
    try {
      await remote.create(`${prefix}a`, Buffer.from('{}'));
      for (const reader of readers) expect((await reader.nextChange()).kv?.key).toBe(`${prefix}a`);
      controllers[1]!.abort();
      await expect(readers[1]!.end()).resolves.toBe('ended');
      const b = await remote.create(`${prefix}b`, Buffer.from('{}'));
      for (const i of [0, 2]) expect(await readers[i]!.nextChange()).toMatchObject({ type: 'ADDED', revision: b.modRevision });
    } finally {
      for (const c of controllers) c.abort();
    }
  }, 30_000);

  it('a 410 on one watch reaches only that watch, as the exact StorageError the Watch RPC gives', async () => {
    const remote = client();
    const prefix = '/registry/core/configmaps/mux-expired/';
    const old = (await remote.create(`${prefix}old`, Buffer.from('{}'))).modRevision;
    const current = (await remote.create(`${prefix}new`, Buffer.from('{}'))).modRevision;
    await etcdClient!.kv.compact({ revision: String(current), physical: true });
    const controller = new AbortController();
    const healthy = new WatchReader(remote.watch(prefix, { recursive: true, resourceVersion: String(current), signal: controller.signal }), controller);
    try {
      const expired = async (storage: RemoteStorage) => {
        const it = storage.watch(prefix, { recursive: true, resourceVersion: String(old - 1), signal: controller.signal })[Symbol.asyncIterator]();
        return it.next().then(
          () => undefined,
          (err: unknown) => err,
        );
      };
      const viaMux = expectStorageError(await expired(remote), StorageErrorCode.ResourceVersionExpired);
      const viaWatchRpc = expectStorageError(await expired(client({ multiplexWatches: false })), StorageErrorCode.ResourceVersionExpired);
      expect(viaMux.message).toBe(viaWatchRpc.message);
      expect(viaMux.revision).toBe(viaWatchRpc.revision);
      expect(viaMux.revision).toBe(old - 1);
      const later = await remote.create(`${prefix}later`, Buffer.from('{}'));
      expect(await healthy.nextChange()).toMatchObject({ type: 'ADDED', revision: later.modRevision });
    } finally {
      controller.abort();
    }
  }, 30_000);

  it('ends a consumer that does not keep up as too slow and resumes it without loss, while the others keep receiving', async () => {
    const remote = client({ watchBufferEvents: 5 });
    const prefix = '/registry/core/configmaps/mux-slow/';
    const start = await remote.currentRevision();
    const controller = new AbortController();
    const fast = new WatchReader(remote.watch(prefix, { recursive: true, resourceVersion: String(start), signal: controller.signal }), controller);
    const slow = new WatchReader(remote.watch(prefix, { recursive: true, resourceVersion: String(start), signal: controller.signal }), controller);
    try {
      const written: number[] = [];
      for (let i = 0; i < 30; i++) {
        written.push((await remote.create(`${prefix}k${String(i).padStart(2, '0')}`, Buffer.from('{}'))).modRevision);
        // The fast consumer reads as events arrive; the slow one reads the first event, then nothing for a while.
        expect((await fast.nextChange()).revision).toBe(written[i]);
        if (i === 0) expect((await slow.nextChange()).revision).toBe(written[0]);
      }
      expect(logLines.some((l) => l.includes('the watcher did not keep up and was closed'))).toBe(false);
      // The 5 buffered events come first, then the watch resumes after them: no event lost or repeated.
      expect((await slow.take(29)).map((e) => e.revision)).toEqual(written.slice(1));
      expect(logLines.some((l) => l.includes('the watcher did not keep up and was closed'))).toBe(true);
      const after = await remote.create(`${prefix}after`, Buffer.from('{}'));
      expect((await slow.nextChange()).revision).toBe(after.modRevision);
      expect((await fast.nextChange()).revision).toBe(after.modRevision);
    } finally {
      controller.abort();
    }
  }, 30_000);

  it('falls back to a Watch RPC per watch on a replica that does not serve WatchMany', async () => {
    const old = await startCountingServer(served!.storage, true);
    const remote = new RemoteStorage({ addresses: [old.address], callTimeoutMs: 10_000 });
    const prefix = '/registry/core/configmaps/mux-fallback/';
    const controller = new AbortController();
    try {
      const start = await remote.currentRevision();
      const readers = [0, 1].map(() => new WatchReader(remote.watch(prefix, { recursive: true, resourceVersion: String(start), signal: controller.signal }), controller));
      const kv = await remote.create(`${prefix}a`, Buffer.from('{}'));
      for (const reader of readers) expect(await reader.nextChange()).toMatchObject({ type: 'ADDED', revision: kv.modRevision });
      expect(old.calls.watch).toBe(2);
    } finally {
      controller.abort();
      remote.close();
      await old.stop();
    }
  }, 30_000);

  it('leaks no listener, watch or stream after 1,000 watches opened and closed beside a long-lived one', async () => {
    const remote = client();
    const prefix = '/registry/core/configmaps/mux-cycles/';
    const start = await remote.currentRevision();
    const longLived = new AbortController();
    const reader = new WatchReader(remote.watch(prefix, { recursive: true, resourceVersion: String(start), signal: longLived.signal }), longLived);
    try {
      const first = await remote.create(`${prefix}first`, Buffer.from('{}'));
      expect((await reader.nextChange()).revision).toBe(first.modRevision);
      const before = { ...server!.calls };
      const timersBefore = timers();
      for (let round = 0; round < 10; round++) {
        const controller = new AbortController();
        setMaxListeners(100, controller.signal);
        const from = await remote.currentRevision();
        const iterators = Array.from({ length: 100 }, () =>
          remote.watch(prefix, { recursive: true, resourceVersion: String(from), signal: controller.signal })[Symbol.asyncIterator](),
        );
        // Each watch is set up on the server (it sees the next write), then all are closed.
        const pending = iterators.map((it) => it.next());
        const kv = await remote.create(`${prefix}r${round}`, Buffer.from('{}'));
        for (const next of await Promise.all(pending)) expect(next.value).toMatchObject({ revision: kv.modRevision });
        controller.abort();
        for (const it of iterators) await it.return?.();
        expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
        expect((await reader.nextChange()).revision).toBe(kv.modRevision);
      }
      // The server stopped every watch it served for them: only the long-lived one still reads the cacher.
      await waitFor(() => served!.open() === 1);
      expect(timers()).toBeLessThanOrEqual(timersBefore + 5);
      expect(server!.calls.watchMany - before.watchMany).toBe(0);
      expect(getEventListeners(longLived.signal, 'abort')).toHaveLength(1);
    } finally {
      longLived.abort();
    }
  }, 60_000);
});

describe('WatchMany backpressure (integration, real etcd, watch-cache in process)', () => {
  let etcd: EtcdProcess | undefined;
  let etcdClient: Etcd3 | undefined;
  let cacher: Cacher | undefined;
  let server: StorageGrpcServer | undefined;
  const cacherLog: string[] = [];

  beforeAll(async () => {
    etcd = await EtcdProcess.start();
    etcdClient = new Etcd3({ hosts: etcd.endpoint });
    const logger = pino({ level: 'warn' }, { write: (line: string) => void cacherLog.push(line) });
    cacher = new Cacher({ etcdClient, writeThrough: new Etcd3Storage({ etcdClient }), prefix: '/registry/', watcherBufferSize: 10, logger });
    await cacher.start();
    server = await startStorageGrpcServer({ storage: cacher, port: 0 });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await cacher?.stop();
    etcdClient?.close();
    await etcd?.stop();
  }, 30_000);

  it('a client that stops reading gets its watches ended as too slow instead of the server buffering for it', async () => {
    const prefix = '/registry/core/configmaps/mux-stalled/';
    const start = await cacher!.currentRevision();
    // A raw HTTP/2 client that really stops reading (grpc-js's client keeps reading a paused stream), so the
    // server's writes block on flow control.
    const session = http2.connect(`http://127.0.0.1:${server!.port}`);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/strata.storage.v1.Storage/WatchMany',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    stream.pause();
    const request = { key: prefix, recursive: true, resourceVersion: String(start), sendInitialEvents: false, allowBookmarks: false, labelSelector: '', fieldSelector: '' };
    for (const watchId of [1, 2]) stream.write(grpcFrame(WatchManyRequest.encode({ create: { watchId, request } }).finish()));
    try {
      const written: number[] = [];
      const value = Buffer.alloc(32 * 1024, 0x61);
      for (let i = 0; i < 300; i++) written.push((await cacher!.create(`${prefix}k${String(i).padStart(3, '0')}`, value)).modRevision);
      // The stream is congested long before 300 events of 32 KiB: the cacher's buffers (10 per watcher) overflow.
      await waitFor(() => cacherLog.filter((l) => l.includes('forcing watcher close due to unresponsiveness')).length === 2);
      const revisions = new Map<number, number[]>([
        [1, []],
        [2, []],
      ]);
      const ends = new Map<number, WatchEnd>();
      let pending = Buffer.alloc(0);
      stream.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 5 && pending.length >= 5 + pending.readUInt32BE(1)) {
          const res = WatchManyResponse.decode(pending.subarray(5, 5 + pending.readUInt32BE(1)));
          pending = pending.subarray(5 + pending.readUInt32BE(1));
          for (const tagged of res.events) revisions.get(tagged.watchId)!.push(tagged.event!.revision);
          for (const end of res.ends) ends.set(end.watchId, end);
        }
      });
      stream.resume();
      await waitFor(() => ends.size === 2);
      for (const id of [1, 2]) {
        expect(ends.get(id)).toMatchObject({ code: status.UNAVAILABLE, storageError: StorageErrorCode.Unavailable, message: expect.stringContaining('did not keep up') });
        // What was delivered is the start of the sequence, in order, and far from all of it.
        const got = revisions.get(id)!;
        expect(got).toEqual(written.slice(0, got.length));
        expect(got.length).toBeLessThan(written.length / 2);
      }
    } finally {
      stream.close();
      session.close();
    }
  }, 60_000);
});

/** One gRPC length-prefixed message (uncompressed). */
function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

describe('WatchMany failover (integration, real etcd, two gRPC servers)', () => {
  const replicas = useTwoReplicas();

  it('every watch of a stopped replica resumes on the other one with no event lost or repeated', async () => {
    const prefix = '/registry/core/configmaps/mux-failover/';
    const start = await replicas.remote.currentRevision();
    const controller = new AbortController();
    setMaxListeners(20, controller.signal);
    // Round robin: half of the watches share the first replica's stream, half the second's.
    const readers = Array.from({ length: 20 }, () => new WatchReader(replicas.remote.watch(prefix, { recursive: true, resourceVersion: String(start), signal: controller.signal }), controller));
    const written: number[] = [];
    const received: WatchEvent[][] = readers.map(() => []);
    const writeSome = async (count: number) => {
      for (let i = 0; i < count; i++) written.push((await replicas.remote.create(`${prefix}k${String(written.length).padStart(3, '0')}`, Buffer.from('{}'))).modRevision);
    };
    const readUp = () => Promise.all(readers.map(async (reader, i) => received[i]!.push(...(await reader.take(written.length - received[i]!.length)))));
    try {
      await writeSome(5);
      await readUp();
      const stopping = replicas.servers[0]!.stop();
      await writeSome(5);
      await stopping;
      await writeSome(5);
      await readUp();
      for (const events of received) expect(events.map((e) => e.revision)).toEqual(written);
    } finally {
      controller.abort();
    }
  }, 60_000);
});

/** `storage` with a count of the watches being iterated (what the server has open on it). */
function withOpenWatchCount(storage: Storage): { storage: Storage; open(): number } {
  let open = 0;
  const watch = (key: string, opts: WatchOptions): AsyncIterable<WatchEvent> => ({
    async *[Symbol.asyncIterator]() {
      open++;
      try {
        yield* storage.watch(key, opts);
      } finally {
        open--;
      }
    },
  });
  const counted = new Proxy(storage, {
    get(target, prop) {
      if (prop === 'watch') return watch;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { storage: counted, open: () => open };
}

function timers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate').length;
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
