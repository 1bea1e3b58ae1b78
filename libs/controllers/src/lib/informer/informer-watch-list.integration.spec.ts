import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@strata/testing';
import pino from 'pino';
import { useDevApiServer } from '../../testing/dev-api-server';
import { ApiServerClient } from '../client/api-server-client';
import { Informer } from './informer';
import { createApiListWatcher } from './list-watcher';
import type { KubeObjectLike } from './list-watcher';

const NAMESPACES = '/clusters/*/api/v1/namespaces';
const CLUSTER_ANNOTATION = 'strata.dev/cluster';

/** What the server saw: every request with its answer's status, and optionally a refusal of watch-lists. */
interface RecordingProxy {
  readonly url: string;
  readonly requests: { method: string; url: string; status: number }[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of the dev apiserver that records every request and answer status (what the server
 * received, whichever client code sent it). `refuseWatchList` answers sendInitialEvents requests itself with the
 * 422 an apiserver without WatchList gives.
 */
async function startRecordingProxy(target: string, refuseWatchList: boolean): Promise<RecordingProxy> {
  const requests: RecordingProxy['requests'] = [];
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const record = { method: req.method ?? '', url: req.url ?? '', status: 0 };
    requests.push(record);
    if (refuseWatchList && record.url.includes('sendInitialEvents=')) {
      record.status = 422;
      res.writeHead(422, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', code: 422, message: 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch' }));
      return;
    }
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      record.status = answer.statusCode ?? 0;
      res.writeHead(record.status, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const keyOf = (o: KubeObjectLike) => `${o.metadata.annotations?.[CLUSTER_ANNOTATION] ?? ''}/${o.metadata.name}`;

describe('Informer by watch-list (integration, real apiserver app + etcd)', () => {
  const dev = useDevApiServer('strata-informer-watch-list-');
  const cleanups: (() => Promise<void>)[] = [];

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const createNamespace = async (cluster: string, name: string) => {
    const res = await dev.apiServer.request({ method: 'POST', path: `/clusters/${cluster}/api/v1/namespaces`, body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
    expect(res.status).toBe(201);
  };

  /** The keys the server holds, read past the proxy. */
  const serverKeys = async () => {
    const res = await dev.apiServer.request({ method: 'GET', path: NAMESPACES });
    expect(res.status).toBe(200);
    return (res.body as { items: KubeObjectLike[] }).items.map(keyOf).sort();
  };

  const startInformer = async (refuseWatchList: boolean, logged: string[]) => {
    const proxy = await startRecordingProxy(dev.url, refuseWatchList);
    cleanups.push(() => proxy.close());
    const connection = { server: proxy.url };
    const events: string[] = [];
    const informer = new Informer<KubeObjectLike>({
      listWatcher: createApiListWatcher(new ApiServerClient(connection), connection, NAMESPACES),
      keyOf,
      logger: pino({ level: 'info' }, { write: (line: string) => logged.push((JSON.parse(line) as { msg: string }).msg) }),
      handlers: {
        onAdd: (o) => events.push(`add ${keyOf(o)}`),
        onUpdate: (_old, o) => events.push(`update ${keyOf(o)}`),
      },
    });
    informer.start();
    cleanups.push(() => informer.stop());
    return { informer, proxy, events };
  };

  beforeAll(async () => {
    for (const name of ['a', 'b', 'c']) await createNamespace('wl-one', name);
    for (const name of ['a', 'd']) await createNamespace('wl-two', name);
  });

  it('syncs namespaces across workspaces from one watch-list stream, then sees live changes on it, with no LIST', async () => {
    const logged: string[] = [];
    const { informer, proxy, events } = await startInformer(false, logged);
    await waitFor(async () => informer.hasSynced(), 15_000, 'informer synced');
    const expected = await serverKeys();
    expect(expected).toEqual(expect.arrayContaining(['wl-one/a', 'wl-one/b', 'wl-one/c', 'wl-two/a', 'wl-two/d']));
    expect([...informer.keys()].sort()).toEqual(expected);

    await createNamespace('wl-two', 'live');
    const got = await dev.apiServer.request({ method: 'GET', path: '/clusters/wl-one/api/v1/namespaces/b' });
    const ns = got.body as { metadata: Record<string, unknown> };
    const labelled = await dev.apiServer.request({ method: 'PUT', path: '/clusters/wl-one/api/v1/namespaces/b', body: { ...ns, metadata: { ...ns.metadata, labels: { team: 'x' } } } });
    expect(labelled.status).toBe(200);
    await waitFor(async () => events.includes('update wl-one/b'), 15_000, 'the label update seen');
    expect(events.filter((e) => e.includes('live') || e.startsWith('update'))).toEqual(['add wl-two/live', 'update wl-one/b']);
    expect(informer.get('wl-one/b')?.metadata['labels']).toMatchObject({ team: 'x' });

    // What the server received: one watch-list, answered 200, and it carried the live changes too (no other request).
    const collection = proxy.requests.filter((r) => r.url.startsWith('/clusters/*/api/v1/namespaces'));
    expect(collection).toHaveLength(1);
    const only = collection[0]!;
    expect(only.method).toBe('GET');
    expect(only.status).toBe(200);
    expect(Object.fromEntries(new URL(only.url, 'http://x').searchParams)).toEqual({
      watch: '1',
      sendInitialEvents: 'true',
      resourceVersionMatch: 'NotOlderThan',
      allowWatchBookmarks: 'true',
      resourceVersion: '',
    });
    expect(logged).toEqual([]);
  }, 60_000);

  it('lists instead when the server refuses watch-lists, and says so once', async () => {
    const logged: string[] = [];
    const { informer, proxy } = await startInformer(true, logged);
    await waitFor(async () => informer.hasSynced(), 15_000, 'informer synced');
    expect([...informer.keys()].sort()).toEqual(await serverKeys());
    await createNamespace('wl-one', 'after-fallback');
    await waitFor(async () => informer.get('wl-one/after-fallback') !== undefined, 15_000, 'the new namespace seen');

    const collection = proxy.requests.filter((r) => r.url.startsWith('/clusters/*/api/v1/namespaces'));
    const kinds = collection.map((r) => {
      const q = new URL(r.url, 'http://x').searchParams;
      return `${q.has('sendInitialEvents') ? 'watch-list' : q.has('watch') ? 'watch' : 'list'} ${r.status}`;
    });
    expect(kinds).toEqual(['watch-list 422', 'list 200', 'watch 200']);
    expect(logged).toEqual(['the server refused the watch-list request, listing from now on']);
  }, 60_000);
});
