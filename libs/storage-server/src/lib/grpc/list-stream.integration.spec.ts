import { Server, ServerCredentials, type ServerWritableStream, type handleServerStreamingCall } from '@grpc/grpc-js';
import type { KeyValue, ListRequest, ListResponse as ProtoListResponse } from '@strata/proto';
import { RemoteStorage, StorageErrorCode, isStorageError, type ListOptions, type ListResult, type Storage } from '@strata/storage';
import { EtcdProcess } from '@strata/testing';
import { Etcd3 } from 'etcd3';
import { Cacher } from '../cacher/cacher';
import { Etcd3Storage } from '../etcd3/etcd3-storage';
import { createStorageService, listStreamChunkBytes } from './storage-service';
import { startStorageGrpcServer, type StorageGrpcServer } from './storage-grpc-server';
import { kvToProto } from './proto-convert';
import { fastStorageService, splitListResponse } from './storage-wire';

const kv = (key: string, bytes: number, rev: number): KeyValue => ({ key, value: Buffer.alloc(bytes, 0x61), createRevision: rev, modRevision: rev });

describe('splitListResponse', () => {
  it('cuts a list into messages of about the chunk size, in order, continue and remaining count on the last only', () => {
    const kvs = Array.from({ length: 10 }, (_, i) => kv(`/k/${i}`, 100, i + 1));
    const chunks = [...splitListResponse({ kvs, revision: 42, continue: 'tok', remainingItemCount: 7 }, 300)];
    // Each item counts ~136 bytes (key, value, framing): a message closes with its third item.
    expect(chunks.map((c) => c.kvs.length)).toEqual([3, 3, 3, 1]);
    expect(chunks.flatMap((c) => c.kvs)).toEqual(kvs);
    expect(chunks.every((c) => c.revision === 42)).toBe(true);
    expect(chunks.map((c) => [c.continue, c.remainingItemCount])).toEqual([
      ['', undefined],
      ['', undefined],
      ['', undefined],
      ['tok', 7],
    ]);
  });

  it('answers an empty list with one message, and an item larger than a chunk in one message', () => {
    expect([...splitListResponse({ kvs: [], revision: 5, continue: '', remainingItemCount: undefined }, 100)]).toEqual([
      { kvs: [], revision: 5, continue: '', remainingItemCount: undefined },
    ]);
    const big = [kv('/k/a', 1000, 1), kv('/k/b', 10, 2)];
    expect([...splitListResponse({ kvs: big, revision: 5, continue: '', remainingItemCount: undefined }, 100)].map((c) => c.kvs)).toEqual([[big[0]], [big[1]]]);
  });
});

/** `inner` whose list answers get one item that cannot be serialized after `goodItems` good ones (a fault mid-stream). */
function corruptingStorage(inner: Storage, goodItems: number): Storage {
  return Object.assign(Object.create(inner) as Storage, {
    list: async (prefix: string, opts?: ListOptions): Promise<ListResult> => {
      const res = await inner.list(prefix, opts);
      const items = [...res.items];
      items.splice(goodItems, 0, { key: `${prefix}zz-bad`, value: Buffer.from('{}'), createRevision: -1, modRevision: -1 });
      return { ...res, items };
    },
  });
}

describe('ListStream (integration, real etcd)', () => {
  let etcd: EtcdProcess | undefined;
  let etcdClient: Etcd3 | undefined;
  let storage: Etcd3Storage;
  let server: StorageGrpcServer | undefined;
  let remote: RemoteStorage | undefined;
  const extraServers: Server[] = [];
  const extraRemotes: RemoteStorage[] = [];
  const prefix = '/registry/core/configmaps/ws-list-stream/big/';
  // ~3.2 chunks of values: the list needs several ListStream messages.
  const objects = Math.ceil((3.2 * listStreamChunkBytes) / (64 * 1024));

  /**
   * A gRPC server with the given service definition over `impl` (and handlers replaced by `handlers`); returns a
   * RemoteStorage on it with the given call deadline.
   */
  async function serve(
    definition: typeof fastStorageService,
    over: Storage,
    handlers: { listStream?: handleServerStreamingCall<ListRequest, ProtoListResponse> } = {},
    callTimeoutMs = 10_000,
  ): Promise<RemoteStorage> {
    const grpcServer = new Server();
    extraServers.push(grpcServer);
    grpcServer.addService(definition, { ...createStorageService(over), ...handlers });
    const port = await new Promise<number>((resolve, reject) =>
      grpcServer.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    const client = new RemoteStorage({ addresses: [`127.0.0.1:${port}`], callTimeoutMs });
    extraRemotes.push(client);
    return client;
  }

  beforeAll(async () => {
    etcd = await EtcdProcess.start();
    etcdClient = new Etcd3({ hosts: etcd.endpoint });
    storage = new Etcd3Storage({ etcdClient });
    server = await startStorageGrpcServer({ storage, port: 0 });
    remote = new RemoteStorage({ addresses: [`127.0.0.1:${server.port}`], callTimeoutMs: 10_000 });
    for (let i = 0; i < objects; i++) {
      await storage.create(`${prefix}cm-${String(i).padStart(3, '0')}`, Buffer.alloc(64 * 1024, 0x30 + (i % 10)));
    }
  }, 60_000);

  afterAll(async () => {
    for (const r of extraRemotes) r.close();
    for (const s of extraServers) s.forceShutdown();
    remote?.close();
    await server?.stop();
    etcdClient?.close();
    await etcd?.stop();
  }, 30_000);

  it('streams a large list in several chunks at one revision, the same items as etcd in key order', async () => {
    const direct = await storage.list(prefix);
    const chunks: ListResult[] = [];
    for await (const chunk of remote!.listChunks(prefix)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.every((c) => c.revision === direct.revision && c.continueToken === '')).toBe(true);
    const streamed = chunks.flatMap((c) => c.items);
    expect(streamed.map((i) => i.key)).toEqual(direct.items.map((i) => i.key));
    // Compared as one buffer: Jest's deep equality walks megabytes of Buffers byte by byte as properties.
    expect(Buffer.concat(streamed.map((i) => i.value)).equals(Buffer.concat(direct.items.map((i) => i.value)))).toBe(true);
    // list() collects the same stream.
    const collected = await remote!.list(prefix);
    expect(collected.items.map((i) => [i.key, i.modRevision])).toEqual(direct.items.map((i) => [i.key, i.modRevision]));
    expect(collected.revision).toBe(direct.revision);
  });

  it('a page carries its continue token and remaining count on the last chunk, as etcd answers them', async () => {
    const direct = await storage.list(prefix, { limit: objects - 2 });
    const chunks: ListResult[] = [];
    for await (const chunk of remote!.listChunks(prefix, { limit: objects - 2 })) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    const last = chunks[chunks.length - 1]!;
    expect(last.continueToken).toBe(direct.continueToken);
    expect(last.continueToken).not.toBe('');
    expect(last.remainingItemCount).toBe(direct.remainingItemCount);
    expect(chunks.slice(0, -1).every((c) => c.continueToken === '' && c.remainingItemCount === undefined)).toBe(true);
    const next = await remote!.list(prefix, { continueToken: last.continueToken });
    expect(next.items.map((i) => i.key)).toEqual((await storage.list(prefix, { continueToken: direct.continueToken })).items.map((i) => i.key));
  });

  it('fails before the first chunk with the storage error', async () => {
    const err: unknown = await (async () => {
      for await (const _ of remote!.listChunks('/registry/core/configmaps/no-slash')) return undefined;
      return undefined;
    })().catch((e: unknown) => e);
    expect(isStorageError(err, StorageErrorCode.InvalidArgument)).toBe(true);
  });

  it('a reader that stops early or aborts ends the call, and the channel serves the next list', async () => {
    for await (const chunk of remote!.listChunks(prefix)) {
      expect(chunk.items.length).toBeGreaterThan(0);
      break;
    }
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const aborted = (async () => {
      for await (const _ of remote!.listChunks(prefix, { signal: controller.signal })) controller.abort(reason);
    })();
    await expect(aborted).rejects.toBe(reason);
    expect((await remote!.list(prefix)).items).toHaveLength(objects);
  });

  it('the call deadline bounds the wait for the first chunk only: a stream still sending after it completes', async () => {
    const deadlineMs = 500;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // A replica that sends the first chunk at once and the rest only after the deadline (a large list on a busy
    // replica, or one a slow HTTP client holds back).
    const slowRest = async (call: ServerWritableStream<ListRequest, ProtoListResponse>) => {
      const res = await storage.list(call.request.prefix);
      const [first, ...rest] = splitListResponse({ kvs: res.items.map(kvToProto), revision: res.revision, continue: '', remainingItemCount: undefined }, listStreamChunkBytes);
      call.write(first);
      await sleep(deadlineMs * 2);
      for (const chunk of rest) call.write(chunk);
      call.end();
    };
    const slow = await serve(fastStorageService, storage, { listStream: (call) => void slowRest(call) }, deadlineMs);
    let items = 0;
    for await (const chunk of slow.listChunks(prefix)) items += chunk.items.length;
    expect(items).toBe(objects);
    // The first chunk is still bounded: a replica that sends nothing fails the list with the deadline.
    const silent = await serve(fastStorageService, storage, { listStream: () => undefined }, deadlineMs);
    const started = Date.now();
    const err: unknown = await (async () => {
      for await (const _ of silent.listChunks(prefix)) return undefined;
      return undefined;
    })().catch((e: unknown) => e);
    expect(isStorageError(err, StorageErrorCode.Unavailable)).toBe(true);
    expect(Date.now() - started).toBeLessThan(deadlineMs * 4 + 3_000);
  });

  it('a failure after the first chunk ends the iteration with a StorageError, after the good chunks', async () => {
    const faulty = await serve(fastStorageService, corruptingStorage(storage, objects - 1));
    const seen: number[] = [];
    const err: unknown = await (async () => {
      for await (const chunk of faulty.listChunks(prefix)) seen.push(chunk.items.length);
    })().catch((e: unknown) => e);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(isStorageError(err, StorageErrorCode.Internal)).toBe(true);
  });

  it('asks a replica without ListStream (an older watch-cache) with the unary List', async () => {
    const { listStream: _absent, ...withoutListStream } = fastStorageService;
    const older = await serve(withoutListStream as typeof fastStorageService, storage);
    const chunks: ListResult[] = [];
    for await (const chunk of older.listChunks(prefix)) chunks.push(chunk);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.items).toHaveLength(objects);
    expect((await older.list(prefix, { limit: 2 })).continueToken).not.toBe('');
  });
});

describe('json_meta_close from the watch-cache (integration, real etcd)', () => {
  let etcd: EtcdProcess | undefined;
  let etcdClient: Etcd3 | undefined;
  let cacher: Cacher | undefined;
  let server: StorageGrpcServer | undefined;
  let remote: RemoteStorage | undefined;
  const prefix = '/registry/core/configmaps/ws-meta-close/default/';

  beforeAll(async () => {
    etcd = await EtcdProcess.start();
    etcdClient = new Etcd3({ hosts: etcd.endpoint });
    cacher = new Cacher({ etcdClient, writeThrough: new Etcd3Storage({ etcdClient }), prefix: '/registry/' });
    await cacher.start();
    server = await startStorageGrpcServer({ storage: cacher, port: 0 });
    remote = new RemoteStorage({ addresses: [`127.0.0.1:${server.port}`], callTimeoutMs: 10_000 });
  }, 60_000);

  afterAll(async () => {
    remote?.close();
    await server?.stop();
    await cacher?.stop();
    etcdClient?.close();
    await etcd?.stop();
  }, 30_000);

  it('a cached object comes with where its metadata closes when it is canonical JSON, and without otherwise', async () => {
    const values: Record<string, string> = {
      canonical: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"canonical","labels":{"a":"}"}},"data":{"k":"v"}}',
      empty: '{"metadata":{},"data":{}}',
      spaced: '{"metadata":{"name":"spaced"}, "data":{}}',
      versioned: '{"metadata":{"name":"versioned","resourceVersion":"3"}}',
      binary: '\u0000\u0001',
    };
    for (const [name, text] of Object.entries(values)) await etcdClient!.put(`${prefix}${name}`).value(Buffer.from(text)).exec();
    const expected = (name: string) => ({ canonical: 87, empty: 13 })[name];
    const listed = await remote!.list(prefix);
    expect(listed.items.map((kv) => [kv.key.slice(prefix.length), kv.jsonMetaClose])).toEqual(
      Object.keys(values)
        .sort()
        .map((name) => [name, expected(name)]),
    );
    for (const kv of listed.items) {
      if (kv.jsonMetaClose) expect(kv.value[kv.jsonMetaClose]).toBe(0x7d);
    }
    // A write replaces the entry and its offset (here: the object stops being canonical, then becomes it again).
    await cacher!.update(`${prefix}empty`, Buffer.from('{"metadata":{} }'), listed.items.find((kv) => kv.key.endsWith('/empty'))!.modRevision);
    const after = await remote!.list(prefix, { resourceVersion: '' });
    expect(after.items.find((kv) => kv.key.endsWith('/empty'))?.jsonMetaClose).toBeUndefined();
    const current = after.items.find((kv) => kv.key.endsWith('/empty'))!;
    await cacher!.update(current.key, Buffer.from('{"metadata":{"name":"e"}}'), current.modRevision);
    expect((await remote!.list(prefix, { resourceVersion: '' })).items.find((kv) => kv.key.endsWith('/empty'))?.jsonMetaClose).toBe(23);
  });
});
