import { StorageErrorCode } from '../lib/errors';
import type { WatchOptions } from '../lib/interfaces';
import { decodeObject, freshPrefix, objectBytes, rejection, type SetupRef } from './fixtures';
import { WatchReader } from './watch-reader';

/** watch: initial state, event types and order, resourceVersion N, selector transitions, bookmarks, 410. */
export function watchConformance(setup: SetupRef): void {
  const storage = () => setup().storage;
  const readers: WatchReader[] = [];

  function open(key: string, opts: Omit<WatchOptions, 'signal'>): WatchReader {
    const controller = new AbortController();
    const reader = new WatchReader(storage().watch(key, { ...opts, signal: controller.signal }), controller);
    readers.push(reader);
    return reader;
  }

  afterEach(() => {
    for (const r of readers.splice(0)) r.close();
  });

  it('from "0" sends the state as ADDED, then ADDED/MODIFIED/DELETED in revision order', async () => {
    const prefix = freshPrefix();
    const a = await storage().create(`${prefix}a`, objectBytes('a'));
    await storage().create(`${prefix}b`, objectBytes('b'));
    const w = open(prefix, { recursive: true, resourceVersion: '0' });
    const initial = await w.take(2);
    expect(initial.map((e) => [e.type, e.kv?.key])).toEqual([
      ['ADDED', `${prefix}a`],
      ['ADDED', `${prefix}b`],
    ]);
    const c = await storage().create(`${prefix}c`, objectBytes('c'));
    const upd = await storage().update(`${prefix}a`, objectBytes('a', { v: '2' }), a.modRevision);
    if (!upd.succeeded) throw new Error('update must succeed');
    const del = await storage().delete(`${prefix}b`);
    if (!del.succeeded) throw new Error('delete must succeed');
    const [added, modified, deleted] = await w.take(3);
    expect(added).toMatchObject({ type: 'ADDED', revision: c.modRevision, kv: { key: `${prefix}c`, modRevision: c.modRevision } });
    expect(modified).toMatchObject({ type: 'MODIFIED', revision: upd.kv.modRevision, kv: { key: `${prefix}a` } });
    expect(decodeObject(modified!.kv!.value).metadata.labels).toEqual({ v: '2' });
    expect(modified!.prevKv?.modRevision).toBe(a.modRevision);
    expect(deleted).toMatchObject({ type: 'DELETED', revision: del.kv.modRevision, kv: { key: `${prefix}b`, modRevision: del.kv.modRevision } });
    expect(decodeObject(deleted!.kv!.value).metadata.name).toBe('b');
    expect(added!.revision).toBeLessThan(modified!.revision);
    expect(modified!.revision).toBeLessThan(deleted!.revision);
  });

  it('from "" with sendInitialEvents ends the state with an initial-events-end BOOKMARK', async () => {
    const prefix = freshPrefix();
    const b = await storage().create(`${prefix}b`, objectBytes('b'));
    await storage().create(`${prefix}a`, objectBytes('a'));
    const w = open(prefix, { recursive: true, resourceVersion: '', sendInitialEvents: true, allowBookmarks: true });
    const [first, second, bookmark] = await w.take(3, true);
    expect([first!.type, first!.kv?.key, second!.type, second!.kv?.key]).toEqual(['ADDED', `${prefix}a`, 'ADDED', `${prefix}b`]);
    expect(bookmark).toMatchObject({ type: 'BOOKMARK', initialEventsEnd: true });
    expect(bookmark!.kv).toBeUndefined();
    expect(bookmark!.revision).toBeGreaterThanOrEqual(b.modRevision + 1);
    const c = await storage().create(`${prefix}c`, objectBytes('c'));
    expect(await w.nextChange()).toMatchObject({ type: 'ADDED', revision: c.modRevision });
  });

  it('from N sends only the changes after N, and never another workspace\'s keys', async () => {
    const base = freshPrefix();
    const prefix = `${base}ab/`;
    const a = await storage().create(`${prefix}a`, objectBytes('a'));
    const b = await storage().create(`${prefix}b`, objectBytes('b'));
    await storage().create(`${base}abc/x`, objectBytes('x'));
    const c = await storage().create(`${prefix}c`, objectBytes('c'));
    const w = open(prefix, { recursive: true, resourceVersion: String(a.modRevision) });
    const events = await w.take(2);
    expect(events.map((e) => [e.type, e.kv?.key, e.revision])).toEqual([
      ['ADDED', `${prefix}b`, b.modRevision],
      ['ADDED', `${prefix}c`, c.modRevision],
    ]);
    await storage().create(`${base}abc/y`, objectBytes('y'));
    const d = await storage().create(`${prefix}d`, objectBytes('d'));
    expect(await w.nextChange()).toMatchObject({ type: 'ADDED', kv: { key: `${prefix}d` }, revision: d.modRevision });
  });

  it('watches a single key when not recursive', async () => {
    const prefix = freshPrefix();
    const a = await storage().create(`${prefix}a`, objectBytes('a'));
    const w = open(`${prefix}a`, { recursive: false, resourceVersion: String(a.modRevision) });
    await storage().create(`${prefix}ab`, objectBytes('ab'));
    const upd = await storage().update(`${prefix}a`, objectBytes('a', { v: '2' }), a.modRevision);
    expect(await w.nextChange()).toMatchObject({ type: 'MODIFIED', kv: { key: `${prefix}a` }, revision: upd.succeeded ? upd.kv.modRevision : -1 });
  });

  it('turns selector transitions into ADDED and DELETED like kube', async () => {
    const prefix = freshPrefix();
    // An explicit revision: the watch's starting point must not depend on when iteration begins.
    const start = await storage().currentRevision();
    const w = open(prefix, { recursive: true, resourceVersion: String(start), labelSelector: 'app=web' });
    const x = await storage().create(`${prefix}x`, objectBytes('x', { app: 'db' }));
    const x2 = await storage().update(`${prefix}x`, objectBytes('x', { app: 'web' }), x.modRevision);
    if (!x2.succeeded) throw new Error('update must succeed');
    const x3 = await storage().update(`${prefix}x`, objectBytes('x', { app: 'web', v: '3' }), x2.kv.modRevision);
    if (!x3.succeeded) throw new Error('update must succeed');
    const x4 = await storage().update(`${prefix}x`, objectBytes('x', { app: 'db', v: '4' }), x3.kv.modRevision);
    if (!x4.succeeded) throw new Error('update must succeed');
    await storage().delete(`${prefix}x`);
    const y = await storage().create(`${prefix}y`, objectBytes('y', { app: 'web' }));
    const events = await w.take(4);
    expect(events.map((e) => [e.type, e.revision])).toEqual([
      ['ADDED', x2.kv.modRevision],
      ['MODIFIED', x3.kv.modRevision],
      ['DELETED', x4.kv.modRevision],
      ['ADDED', y.modRevision],
    ]);
    // Leaving the selection reports the last object that matched, at the revision of the change.
    expect(decodeObject(events[2]!.kv!.value).metadata.labels).toEqual({ app: 'web', v: '3' });
    expect(events[2]!.kv!.modRevision).toBe(x4.kv.modRevision);
  });

  it('sends BOOKMARKs only when allowed, at a revision covering every delivered event', async () => {
    const prefix = freshPrefix();
    const a = await storage().create(`${prefix}a`, objectBytes('a'));
    const w = open(prefix, { recursive: true, resourceVersion: String(a.modRevision), allowBookmarks: true });
    const b = await storage().create(`${prefix}b`, objectBytes('b'));
    expect(await w.next()).toMatchObject({ type: 'ADDED', revision: b.modRevision });
    const bookmark = await w.next(30_000);
    expect(bookmark.type).toBe('BOOKMARK');
    expect(bookmark.kv).toBeUndefined();
    expect(bookmark.revision).toBeGreaterThanOrEqual(b.modRevision);
  }, 40_000);

  it('ends the iteration when the signal aborts', async () => {
    const prefix = freshPrefix();
    const w = open(prefix, { recursive: true, resourceVersion: '0' });
    const a = await storage().create(`${prefix}a`, objectBytes('a'));
    expect(await w.nextChange()).toMatchObject({ type: 'ADDED', revision: a.modRevision });
    w.close();
    expect(await w.end()).toBe('ended');
  });

  it('rejects ResourceVersionExpired for a compacted revision on list and watch', async () => {
    const compact = setup().compact;
    expect(typeof compact).toBe('function');
    const prefix = freshPrefix();
    const a = await storage().create(`${prefix}a`, objectBytes('a'));
    await storage().update(`${prefix}a`, objectBytes('a', { v: '2' }), a.modRevision);
    const b = await storage().create(`${prefix}b`, objectBytes('b'));
    await compact!(b.modRevision);
    const listErr = await rejection(storage().list(prefix, { resourceVersion: String(a.modRevision), resourceVersionMatch: 'Exact' }));
    expect(listErr.code).toBe(StorageErrorCode.ResourceVersionExpired);
    expect(listErr.message).toMatch(/too old/);
    const w = open(prefix, { recursive: true, resourceVersion: String(a.modRevision) });
    const watchErr = await rejection(w.next());
    expect((watchErr as { code?: string }).code).toBe(StorageErrorCode.ResourceVersionExpired);
    expect(watchErr.message).toMatch(/too old/);
    // The compacted revision itself is still readable: history after it is intact.
    const w2 = open(prefix, { recursive: true, resourceVersion: String(b.modRevision) });
    const c = await storage().create(`${prefix}c`, objectBytes('c'));
    expect(await w2.nextChange()).toMatchObject({ type: 'ADDED', revision: c.modRevision });
  }, 20_000);
}
