import { ApiError } from '../client/api-error';
import { Informer } from './informer';
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
