import { StorageError, StorageErrorCode, type ListOptions, type ListResult, type Storage } from '@strata/storage';
import { TEST_TOKEN, startTestApiServer } from '../testing/test-api-server';
import type { TestApiServer } from '../testing/test-api-server';

/** Where the wrapped storage fails its chunked lists: before the first chunk, after the first, or not at all. */
let fault: 'none' | 'before-first' | 'after-first' = 'none';

/**
 * The real etcd storage listing in chunks of one item (as RemoteStorage streams them, only smaller), failing on
 * demand: what a LIST body written chunk by chunk does on the wire.
 */
function chunkedStorage(inner: Storage): Storage {
  return Object.assign(Object.create(inner) as Storage, {
    listChunks: async function* (prefix: string, opts?: ListOptions): AsyncGenerator<ListResult> {
      if (fault === 'before-first') throw new StorageError(StorageErrorCode.Unavailable, 'injected: storage gone before the list');
      const res = await inner.list(prefix, opts);
      const last = res.items.length - 1;
      if (last < 0) yield res;
      for (let i = 0; i <= last; i++) {
        if (fault === 'after-first' && i === 1) throw new StorageError(StorageErrorCode.Unavailable, 'injected: stream broke mid-list');
        const chunk = { items: [res.items[i]!], revision: res.revision, continueToken: '' };
        yield i === last ? { ...chunk, continueToken: res.continueToken, remainingItemCount: res.remainingItemCount } : chunk;
      }
    },
  });
}

describe('LIST written as the storage chunks arrive (integration, real etcd)', () => {
  let server: TestApiServer;
  const headers = { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json' };

  beforeAll(async () => {
    server = await startTestApiServer({ wrapStorage: chunkedStorage });
  }, 30_000);

  afterAll(async () => {
    fault = 'none';
    await server?.stop();
  });

  afterEach(() => {
    fault = 'none';
  });

  const get = (path: string) => fetch(server.url + path, { headers });

  it('an empty and a multi-chunk list have exactly the bytes of the same list built whole (a page)', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    const emptyStreamed = await (await get(path)).text();
    expect(emptyStreamed).toBe(await (await get(`${path}?limit=500`)).text());
    expect(JSON.parse(emptyStreamed).items).toEqual([]);
    for (const name of ['c', 'a', 'b']) {
      const res = await fetch(server.url + path, { method: 'POST', headers, body: JSON.stringify({ metadata: { name }, data: { k: name } }) });
      expect(res.status).toBe(201);
    }
    const streamed = await get(path);
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-type')).toBe('application/json');
    const body = await streamed.text();
    // limit=500 takes the whole-body path (a page's metadata is only known at its end).
    expect(body).toBe(await (await get(`${path}?limit=500`)).text());
    const list = JSON.parse(body);
    expect(list.kind).toBe('ConfigMapList');
    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(list.items.every((i: { metadata: { resourceVersion?: string } }) => /^[0-9]+$/.test(i.metadata.resourceVersion ?? ''))).toBe(true);
  });

  it('a failure before the first chunk answers a Status', async () => {
    fault = 'before-first';
    const res = await get('/api/v1/namespaces/default/configmaps');
    const status = (await res.json()) as { kind: string; code: number; reason: string };
    // An unavailable storage is kube's cacher answer while it initializes: 429 with Retry-After.
    expect(status).toMatchObject({ kind: 'Status', code: 429, reason: 'TooManyRequests' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).not.toBeNull();
  });

  it('a failure after the body started breaks the response off instead of ending a short list', async () => {
    fault = 'after-first';
    // The status line may or may not have left before the connection is cut; a complete response never arrives.
    const outcome = await get('/api/v1/namespaces/default/configmaps').then(
      (res) => res.text().then(() => `complete ${res.status}`, () => 'broken'),
      () => 'broken',
    );
    expect(outcome).toBe('broken');
    // The server goes on serving.
    fault = 'none';
    expect(JSON.parse(await (await get('/api/v1/namespaces/default/configmaps')).text()).items).toHaveLength(3);
  });
});
