import pino from 'pino';
import { ApiError } from '../client/api-error';
import { Informer } from './informer';
import { INITIAL_EVENTS_END_ANNOTATION } from './list-watcher';
import type { ListWatcher } from './list-watcher';
import type { RawWatchEvent } from './watch-stream';

interface Obj {
  metadata: { name: string; resourceVersion: string };
  [key: string]: unknown;
}
const obj = (name: string, rv: number): Obj => ({ metadata: { name, resourceVersion: String(rv) } });

/** A scripted server: each list answers the next listing; each watch plays the next script (then ends or throws). */
function scripted(lists: Obj[][], watches: (RawWatchEvent | Error)[][]) {
  const calls: string[] = [];
  const lw: ListWatcher<Obj> = {
    async list() {
      const items = lists.shift() ?? [];
      const rv = String(Math.max(0, ...items.map((o) => Number(o.metadata.resourceVersion))) + 100);
      calls.push(`list@${rv}`);
      return { items, resourceVersion: rv };
    },
    async *watch(rv, signal) {
      calls.push(`watch@${rv}`);
      const script = watches.shift();
      if (!script) {
        await new Promise<void>((r) => signal.addEventListener('abort', () => r()));
        return;
      }
      for (const step of script) {
        if (step instanceof Error) throw step;
        yield step;
      }
    },
  };
  return { lw, calls };
}

describe('Informer', () => {
  it('lists, applies watch events, resumes from the last resourceVersion, and relists on 410 reporting vanished objects', async () => {
    const { lw, calls } = scripted(
      [[obj('a', 1), obj('b', 2)], [obj('a', 1), obj('c', 300)]],
      [
        [
          { type: 'MODIFIED', object: obj('a', 150) as never },
          { type: 'BOOKMARK', object: { metadata: { resourceVersion: '160' } } },
        ],
        [{ type: 'ADDED', object: obj('d', 170) as never }, new ApiError(410, 'Expired', 'too old resource version: 170 (200)')],
      ],
    );
    const events: string[] = [];
    const informer = new Informer<Obj>({
      listWatcher: lw,
      keyOf: (o) => o.metadata.name,
      sleep: async () => undefined,
      handlers: {
        onAdd: (o) => events.push(`add ${o.metadata.name}`),
        onUpdate: (_old, o) => events.push(`update ${o.metadata.name}@${o.metadata.resourceVersion}`),
        onDelete: (o) => events.push(`delete ${o.metadata.name}`),
      },
    });
    informer.start();
    for (let i = 0; i < 100 && calls.length < 5; i++) await new Promise((r) => setImmediate(r));
    await informer.stop();
    await informer.stop();
    expect(calls).toEqual(['list@102', 'watch@102', 'watch@160', 'list@400', 'watch@400']);
    expect(events).toEqual(['add a', 'add b', 'update a@150', 'add d', 'update a@1', 'add c', 'delete b', 'delete d']);
    expect(informer.hasSynced()).toBe(true);
    expect([...informer.keys()].sort()).toEqual(['a', 'c']);
  });

  it('treats a 410 ERROR event like an HTTP 410, and retries other failures with the same resourceVersion', async () => {
    const { lw, calls } = scripted(
      [[obj('a', 1)], [obj('a', 1)]],
      [[new Error('socket hang up')], [{ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'gone' } }]],
    );
    const informer = new Informer<Obj>({ listWatcher: lw, keyOf: (o) => o.metadata.name, sleep: async () => undefined });
    informer.start();
    for (let i = 0; i < 100 && calls.length < 5; i++) await new Promise((r) => setImmediate(r));
    await informer.stop();
    expect(calls).toEqual(['list@101', 'watch@101', 'watch@101', 'list@101', 'watch@101']);
  });

  it('stores and hands out transformed objects, listed and watched alike', async () => {
    const fat = (name: string, rv: number): Obj => ({ metadata: { name, resourceVersion: String(rv), managedFields: [{ manager: 'm' }] } as Obj['metadata'] });
    const { lw, calls } = scripted([[fat('a', 1)]], [[{ type: 'ADDED', object: fat('b', 150) as never }]]);
    const seen: unknown[] = [];
    const informer = new Informer<Obj>({
      listWatcher: lw,
      keyOf: (o) => o.metadata.name,
      sleep: async () => undefined,
      transform: (o) => {
        const { managedFields: _dropped, ...metadata } = o.metadata as Obj['metadata'] & { managedFields?: unknown };
        return { ...o, metadata };
      },
      handlers: { onAdd: (o) => seen.push(o) },
    });
    informer.start();
    for (let i = 0; i < 100 && calls.length < 3; i++) await new Promise((r) => setImmediate(r));
    await informer.stop();
    expect(seen).toEqual([obj('a', 1), obj('b', 150)]);
    expect(informer.get('a')).toEqual(obj('a', 1));
    expect(informer.get('b')).toEqual(obj('b', 150));
  });
});

const added = (o: Obj): RawWatchEvent => ({ type: 'ADDED', object: o as never });
const endBookmark = (rv: number): RawWatchEvent => ({
  type: 'BOOKMARK',
  object: { metadata: { resourceVersion: String(rv), annotations: { [INITIAL_EVENTS_END_ANNOTATION]: 'true' } } },
});

/**
 * A scripted server with watch-lists: each watchList plays the next script, then ends, throws, or (when `hold` is
 * set on it) waits for the abort; `list` and `watch` as in {@link scripted}. A step that is a function runs when
 * the stream reaches it (to look at the informer mid-stream).
 */
type Step = RawWatchEvent | Error | (() => void);
function scriptedWatchList(watchLists: { steps: Step[]; hold?: boolean }[], lists: Obj[][] = [], watches: Step[][] = []) {
  const calls: string[] = [];
  async function* play(script: { steps: Step[]; hold?: boolean } | undefined, signal: AbortSignal): AsyncGenerator<RawWatchEvent> {
    for (const step of script?.steps ?? []) {
      if (step instanceof Error) throw step;
      if (typeof step === 'function') step();
      else yield step;
    }
    if (!script || script.hold) await new Promise<void>((r) => signal.addEventListener('abort', () => r()));
  }
  const lw: ListWatcher<Obj> = {
    async list() {
      const items = lists.shift() ?? [];
      const rv = String(Math.max(0, ...items.map((o) => Number(o.metadata.resourceVersion))) + 100);
      calls.push(`list@${rv}`);
      return { items, resourceVersion: rv };
    },
    watch(rv, signal) {
      calls.push(`watch@${rv}`);
      const steps = watches.shift();
      return play(steps ? { steps } : undefined, signal);
    },
    watchList(rv, signal) {
      calls.push(`watchList@${rv}`);
      return play(watchLists.shift(), signal);
    },
  };
  return { lw, calls };
}

function recordingInformer(lw: ListWatcher<Obj>, logged: string[] = []) {
  const events: string[] = [];
  const informer: Informer<Obj> = new Informer<Obj>({
    listWatcher: lw,
    keyOf: (o) => o.metadata.name,
    sleep: async () => undefined,
    logger: pino({ level: 'info' }, { write: (line: string) => logged.push((JSON.parse(line) as { msg: string }).msg) }),
    handlers: {
      onAdd: (o) => events.push(`add ${o.metadata.name}${informer.hasSynced() ? '' : ' (syncing)'}`),
      onUpdate: (_old, o) => events.push(`update ${o.metadata.name}@${o.metadata.resourceVersion}`),
      onDelete: (o) => events.push(`delete ${o.metadata.name}`),
    },
  });
  return { informer, events };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
}

describe('Informer with a watch-list', () => {
  it('syncs from one stream: initial events, synced at the end bookmark, then live events on the same stream, then resumes by watch', async () => {
    let syncedBeforeEnd: boolean | undefined;
    const { lw, calls } = scriptedWatchList([
      {
        steps: [
          added(obj('a', 5)),
          added(obj('b', 7)),
          () => (syncedBeforeEnd = informer.hasSynced()),
          endBookmark(10),
          { type: 'ADDED', object: obj('c', 11) as never },
          { type: 'MODIFIED', object: obj('a', 12) as never },
          { type: 'MODIFIED', object: obj('b', 7) as never },
          { type: 'DELETED', object: obj('b', 13) as never },
          { type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } },
        ],
      },
    ]);
    const { informer, events } = recordingInformer(lw);
    informer.start();
    await until(() => calls.length === 2);
    await informer.stop();
    expect(syncedBeforeEnd).toBe(false);
    expect(calls).toEqual(['watchList@', 'watch@20']);
    expect(events).toEqual(['add a (syncing)', 'add b (syncing)', 'add c', 'update a@12', 'delete b']);
    expect(informer.hasSynced()).toBe(true);
    expect([...informer.keys()].sort()).toEqual(['a', 'c']);
  });

  it('on a 410 syncs again by watch-list and, at its end bookmark, deletes what the stream did not send', async () => {
    let deletesBeforeEnd: number | undefined;
    const { lw, calls } = scriptedWatchList([
      { steps: [added(obj('a', 5)), added(obj('b', 7)), added(obj('c', 8)), endBookmark(10), new ApiError(410, 'Expired', 'too old resource version')] },
      { steps: [added(obj('a', 5)), added(obj('c', 30)), added(obj('d', 31)), () => (deletesBeforeEnd = events.filter((e) => e.startsWith('delete')).length), endBookmark(40)], hold: true },
    ]);
    const { informer, events } = recordingInformer(lw);
    informer.start();
    await until(() => events.length === 6);
    await informer.stop();
    expect(calls).toEqual(['watchList@', 'watchList@']);
    expect(deletesBeforeEnd).toBe(0);
    expect(events).toEqual(['add a (syncing)', 'add b (syncing)', 'add c (syncing)', 'update c@30', 'add d', 'delete b']);
    expect([...informer.keys()].sort()).toEqual(['a', 'c', 'd']);
  });

  it('a stream that breaks or ends before its end bookmark deletes nothing, leaves the informer unsynced, and is retried', async () => {
    const { lw, calls } = scriptedWatchList([
      { steps: [added(obj('a', 5)), added(obj('b', 7)), endBookmark(10), { type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'gone' } }] },
      // Resyncs: one breaks, one just ends (a server restart), then one completes.
      { steps: [added(obj('a', 5)), new Error('socket hang up')] },
      { steps: [added(obj('a', 5))] },
      { steps: [added(obj('a', 5)), endBookmark(50)], hold: true },
    ]);
    const logged: string[] = [];
    const { informer, events } = recordingInformer(lw, logged);
    informer.start();
    await until(() => calls.length === 4 && events.length === 3);
    await informer.stop();
    expect(calls).toEqual(['watchList@', 'watchList@', 'watchList@', 'watchList@']);
    expect(events).toEqual(['add a (syncing)', 'add b (syncing)', 'delete b']);
    expect(logged).toEqual(['watch expired, relisting', 'list/watch failed', 'list/watch failed']);

    // Never synced: a first watch-list that never reaches its end bookmark.
    const unsynced = scriptedWatchList([{ steps: [added(obj('a', 5)), new Error('socket hang up')] }, { steps: [added(obj('a', 5))], hold: true }]);
    const second = recordingInformer(unsynced.lw);
    second.informer.start();
    await until(() => unsynced.calls.length === 2);
    await second.informer.stop();
    expect(second.informer.hasSynced()).toBe(false);
    expect(second.events).toEqual(['add a (syncing)']);
  });

  it('falls back to list+watch for good when the server refuses the watch-list request with a 4xx, logged once', async () => {
    const { lw, calls } = scriptedWatchList(
      [{ steps: [new ApiError(422, 'Invalid', 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch')] }],
      [[obj('a', 1)], [obj('b', 2)]],
      [[{ type: 'ADDED', object: obj('c', 150) as never }, new ApiError(410, 'Expired', 'too old resource version')]],
    );
    const logged: string[] = [];
    const { informer, events } = recordingInformer(lw, logged);
    informer.start();
    await until(() => calls.length === 5);
    await informer.stop();
    expect(calls).toEqual(['watchList@', 'list@101', 'watch@101', 'list@102', 'watch@102']);
    expect(events).toEqual(['add a (syncing)', 'add c', 'add b', 'delete a', 'delete c']);
    expect(logged).toEqual(['the server refused the watch-list request, listing from now on', 'watch expired, relisting']);
  });

  it('retries, not falls back, on a 429, a 5xx or an ERROR event before any object', async () => {
    const { lw, calls } = scriptedWatchList([
      { steps: [new ApiError(429, 'TooManyRequests', 'the watch cache is initializing, retry')] },
      { steps: [new ApiError(503, 'ServiceUnavailable', 'unavailable')] },
      { steps: [{ type: 'ERROR', object: { kind: 'Status', code: 400, reason: 'BadRequest', message: 'bad' } }] },
      { steps: [added(obj('a', 5)), endBookmark(10)], hold: true },
    ]);
    const { informer, events } = recordingInformer(lw);
    informer.start();
    await until(() => informer.hasSynced());
    await informer.stop();
    expect(calls).toEqual(['watchList@', 'watchList@', 'watchList@', 'watchList@']);
    expect(events).toEqual(['add a (syncing)']);
  });
});
