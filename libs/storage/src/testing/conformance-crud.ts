import { StorageErrorCode } from '../lib/errors';
import { MAX_CREATE_ALL, MAX_DELETE_PREFIXES } from '../lib/interfaces';
import { decodeObject, freshPrefix, objectBytes, rejection, type SetupRef } from './fixtures';

/** get/create/createAll/update/delete/count/deletePrefix(es)/currentRevision cases of the conformance suite. */
export function crudConformance(setup: SetupRef): void {
  const storage = () => setup().storage;

  it('create stores the value at the txn revision and get returns it', async () => {
    const key = `${freshPrefix()}default/a`;
    const kv = await storage().create(key, objectBytes('a'));
    expect(kv.key).toBe(key);
    expect(kv.createRevision).toBeGreaterThan(0);
    expect(kv.modRevision).toBe(kv.createRevision);
    const got = await storage().get(key);
    expect(got.kv.modRevision).toBe(kv.modRevision);
    expect(got.kv.createRevision).toBe(kv.createRevision);
    expect(decodeObject(got.kv.value).metadata.name).toBe('a');
    expect(got.revision).toBeGreaterThanOrEqual(kv.modRevision);
    const any = await storage().get(key, { resourceVersion: '0' });
    expect(any.kv.modRevision).toBe(kv.modRevision);
  });

  it('create of an existing key rejects KeyExists and leaves the value', async () => {
    const key = `${freshPrefix()}default/a`;
    const first = await storage().create(key, objectBytes('a', {}, { v: '1' }));
    const err = await rejection(storage().create(key, objectBytes('a', {}, { v: '2' })));
    expect(err.code).toBe(StorageErrorCode.KeyExists);
    const got = await storage().get(key);
    expect(got.kv.modRevision).toBe(first.modRevision);
    expect(decodeObject(got.kv.value).data).toEqual({ v: '1' });
  });

  it('get of a missing key rejects KeyNotFound', async () => {
    const err = await rejection(storage().get(`${freshPrefix()}default/missing`));
    expect(err.code).toBe(StorageErrorCode.KeyNotFound);
  });

  it('get with a resourceVersion ahead of the store rejects ResourceVersionTooLarge with the current revision', async () => {
    const key = `${freshPrefix()}default/a`;
    await storage().create(key, objectBytes('a'));
    const current = await storage().currentRevision();
    const err = await rejection(storage().get(key, { resourceVersion: String(current + 1000) }));
    expect(err.code).toBe(StorageErrorCode.ResourceVersionTooLarge);
    expect(err.message).toMatch(new RegExp(`^Too large resource version: ${current + 1000}, current: \\d+$`));
    expect(err.revision).toBeGreaterThanOrEqual(current);
    expect(err.revision).toBeLessThan(current + 1000);
  });

  it('get with a non-numeric resourceVersion rejects InvalidArgument', async () => {
    const err = await rejection(storage().get(`${freshPrefix()}default/a`, { resourceVersion: 'abc' }));
    expect(err.code).toBe(StorageErrorCode.InvalidArgument);
  });

  it('update is a compare-and-swap on modRevision and returns the current value on conflict', async () => {
    const key = `${freshPrefix()}default/a`;
    const created = await storage().create(key, objectBytes('a', {}, { v: '1' }));
    const ok = await storage().update(key, objectBytes('a', {}, { v: '2' }), created.modRevision);
    if (!ok.succeeded) throw new Error('first update must succeed');
    expect(ok.kv.modRevision).toBeGreaterThan(created.modRevision);
    expect(ok.kv.createRevision).toBe(created.createRevision);
    const stale = await storage().update(key, objectBytes('a', {}, { v: '3' }), created.modRevision);
    expect(stale.succeeded).toBe(false);
    if (stale.succeeded) return;
    expect(stale.current?.modRevision).toBe(ok.kv.modRevision);
    expect(decodeObject(stale.current!.value).data).toEqual({ v: '2' });
    const got = await storage().get(key);
    expect(decodeObject(got.kv.value).data).toEqual({ v: '2' });
  });

  it('update of a missing key rejects KeyNotFound', async () => {
    const err = await rejection(storage().update(`${freshPrefix()}default/gone`, objectBytes('gone'), 5));
    expect(err.code).toBe(StorageErrorCode.KeyNotFound);
  });

  it('delete honours the modRevision precondition and stamps the deleted value with the delete revision', async () => {
    const key = `${freshPrefix()}default/a`;
    const created = await storage().create(key, objectBytes('a', {}, { v: '1' }));
    const upd = await storage().update(key, objectBytes('a', {}, { v: '2' }), created.modRevision);
    if (!upd.succeeded) throw new Error('update must succeed');
    const conflict = await storage().delete(key, { expectedModRevision: created.modRevision });
    expect(conflict.succeeded).toBe(false);
    if (!conflict.succeeded) expect(conflict.current?.modRevision).toBe(upd.kv.modRevision);
    const del = await storage().delete(key, { expectedModRevision: upd.kv.modRevision });
    if (!del.succeeded) throw new Error('delete at the current revision must succeed');
    expect(del.kv.modRevision).toBeGreaterThan(upd.kv.modRevision);
    expect(del.kv.createRevision).toBe(created.createRevision);
    expect(decodeObject(del.kv.value).data).toEqual({ v: '2' });
    expect(await storage().currentRevision()).toBeGreaterThanOrEqual(del.kv.modRevision);
    expect((await rejection(storage().get(key))).code).toBe(StorageErrorCode.KeyNotFound);
    expect((await rejection(storage().delete(key))).code).toBe(StorageErrorCode.KeyNotFound);
    expect((await rejection(storage().delete(key, { expectedModRevision: del.kv.modRevision }))).code).toBe(StorageErrorCode.KeyNotFound);
  });

  it('delete without a precondition deletes whatever is there', async () => {
    const key = `${freshPrefix()}default/a`;
    const created = await storage().create(key, objectBytes('a'));
    const del = await storage().delete(key);
    expect(del.succeeded).toBe(true);
    if (del.succeeded) expect(del.kv.modRevision).toBeGreaterThan(created.modRevision);
  });

  it('create with ttlSeconds attaches a lease so the key expires', async () => {
    const key = `${freshPrefix('events')}default/e`;
    await storage().create(key, objectBytes('e'), { ttlSeconds: 1 });
    expect((await storage().get(key)).kv.key).toBe(key);
    const deadline = Date.now() + 15_000;
    let code: string | undefined;
    while (Date.now() < deadline) {
      code = await storage().get(key).then(
        () => undefined,
        (err: { code?: string }) => err.code,
      );
      if (code) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(code).toBe(StorageErrorCode.KeyNotFound);
  }, 20_000);

  it('count and deletePrefix cover exactly the prefix, never a longer sibling', async () => {
    const base = freshPrefix();
    const ab = `${base}ab/`;
    const abc = `${base}abc/`;
    for (const n of ['x', 'y', 'z']) await storage().create(`${ab}${n}`, objectBytes(n));
    for (const n of ['x', 'y']) await storage().create(`${abc}${n}`, objectBytes(n));
    expect(await storage().count(ab)).toBe(3);
    expect(await storage().count(abc)).toBe(2);
    const before = await storage().currentRevision();
    const res = await storage().deletePrefix(ab);
    expect(res.deleted).toBe(3);
    expect(res.revision).toBeGreaterThan(before);
    expect(await storage().count(ab)).toBe(0);
    expect(await storage().count(abc)).toBe(2);
    expect((await rejection(storage().count(`${base}ab`))).code).toBe(StorageErrorCode.InvalidArgument);
    expect((await rejection(storage().deletePrefix(`${base}ab`))).code).toBe(StorageErrorCode.InvalidArgument);
    expect(await storage().count(abc)).toBe(2);
  });

  it('deletePrefixes deletes under every prefix at one revision, never a longer sibling', async () => {
    const base = freshPrefix();
    const [abc, abcd, other, untouched] = [`${base}abc/`, `${base}abcd/`, `${base}other/`, `${base}untouched/`];
    for (const n of ['x', 'y', 'z']) await storage().create(`${abc}${n}`, objectBytes(n));
    for (const n of ['x', 'y']) await storage().create(`${abcd}${n}`, objectBytes(n));
    for (const n of ['x', 'y']) await storage().create(`${other}${n}`, objectBytes(n));
    await storage().create(`${untouched}x`, objectBytes('x'));
    const before = await storage().currentRevision();
    // A prefix named twice and one without keys change nothing about the answer.
    const res = await storage().deletePrefixes([abc, other, abc, `${base}empty/`]);
    expect(res.deleted).toBe(5);
    expect(res.revision).toBe(before + 1);
    expect(await storage().count(abc)).toBe(0);
    expect(await storage().count(other)).toBe(0);
    expect(await storage().count(abcd)).toBe(2);
    expect(await storage().count(untouched)).toBe(1);
    // One revision for all: just before it every key was there, at it only the siblings are.
    const keysAt = async (rev: number) =>
      (await storage().list(base, { resourceVersion: String(rev), resourceVersionMatch: 'Exact' })).items.map((kv) => kv.key);
    expect(await keysAt(res.revision - 1)).toHaveLength(8);
    expect(await keysAt(res.revision)).toEqual([`${abcd}x`, `${abcd}y`, `${untouched}x`]);
  });

  it('deletePrefixes rejects InvalidArgument for an empty list, a prefix without "/" or too many prefixes, deleting nothing', async () => {
    const base = freshPrefix();
    await storage().create(`${base}ab/x`, objectBytes('x'));
    await storage().create(`${base}abc/x`, objectBytes('x'));
    const before = await storage().currentRevision();
    expect((await rejection(storage().deletePrefixes([]))).code).toBe(StorageErrorCode.InvalidArgument);
    const unterminated = await rejection(storage().deletePrefixes([`${base}abc/`, `${base}ab`]));
    expect(unterminated.code).toBe(StorageErrorCode.InvalidArgument);
    expect(unterminated.message).toContain(`${base}ab`);
    const many = Array.from({ length: MAX_DELETE_PREFIXES + 1 }, (_, i) => `${base}p${i}/`);
    const tooMany = await rejection(storage().deletePrefixes([`${base}ab/`, ...many]));
    expect(tooMany.code).toBe(StorageErrorCode.InvalidArgument);
    expect(tooMany.message).toContain(String(MAX_DELETE_PREFIXES));
    expect(await storage().count(`${base}ab/`)).toBe(1);
    expect(await storage().count(`${base}abc/`)).toBe(1);
    expect(await storage().currentRevision()).toBe(before);
    // Exactly the limit is one Txn etcd accepts.
    const res = await storage().deletePrefixes([`${base}ab/`, ...many.slice(0, MAX_DELETE_PREFIXES - 1)]);
    expect(res.deleted).toBe(1);
    expect(res.revision).toBe(before + 1);
    expect(await storage().count(`${base}abc/`)).toBe(1);
  });

  it('deletePrefixes with requireEmpty deletes only while no key exists under the guards, else Conflict and nothing deleted', async () => {
    const base = freshPrefix();
    const [content, children, childrenLonger] = [`${base}content/`, `${base}children/`, `${base}childrenx/`];
    await storage().create(`${content}x`, objectBytes('x'));
    // A key under a longer sibling of the guard does not count as under it.
    await storage().create(`${childrenLonger}x`, objectBytes('x'));
    const kid = await storage().create(`${children}kid`, objectBytes('kid'));
    const before = await storage().currentRevision();
    const refused = await rejection(storage().deletePrefixes([content], { requireEmpty: [children] }));
    expect(refused.code).toBe(StorageErrorCode.Conflict);
    expect(refused.message).toContain(children);
    expect(await storage().count(content)).toBe(1);
    expect(await storage().currentRevision()).toBe(before);
    expect((await rejection(storage().deletePrefixes([content], { requireEmpty: [`${base}children`] }))).code).toBe(StorageErrorCode.InvalidArgument);

    await storage().delete(kid.key);
    const res = await storage().deletePrefixes([content, children], { requireEmpty: [children] });
    expect(res.deleted).toBe(1);
    expect(await storage().count(content)).toBe(0);
    expect(await storage().count(childrenLonger)).toBe(1);
  });

  it('deletePrefixes with deleteKeys deletes the prefixes and each key at its mod revision in one revision', async () => {
    const base = freshPrefix();
    const [content, other] = [`${base}content/`, `${base}other/`];
    for (const n of ['x', 'y']) await storage().create(`${content}${n}`, objectBytes(n));
    const ws = await storage().create(`${base}ws`, objectBytes('ws'));
    // A key that only starts like the deleted key is not deleted with it.
    await storage().create(`${base}wsx`, objectBytes('wsx'));
    await storage().create(`${other}x`, objectBytes('x'));
    const before = await storage().currentRevision();
    const res = await storage().deletePrefixes([content], { deleteKeys: [{ key: ws.key, expectedModRevision: ws.modRevision }] });
    expect(res.deleted).toBe(3);
    expect(res.revision).toBe(before + 1);
    expect((await rejection(storage().get(ws.key))).code).toBe(StorageErrorCode.KeyNotFound);
    expect(await storage().count(content)).toBe(0);
    const keysAt = async (rev: number) =>
      (await storage().list(base, { resourceVersion: String(rev), resourceVersionMatch: 'Exact' })).items.map((kv) => kv.key);
    expect(await keysAt(res.revision - 1)).toEqual([`${content}x`, `${content}y`, `${other}x`, ws.key, `${base}wsx`]);
    expect(await keysAt(res.revision)).toEqual([`${other}x`, `${base}wsx`]);
  });

  it('deletePrefixes with a deleteKey that changed or vanished rejects Conflict naming it, deleting nothing', async () => {
    const base = freshPrefix();
    const [content, children] = [`${base}content/`, `${base}children/`];
    await storage().create(`${content}x`, objectBytes('x'));
    const ws = await storage().create(`${base}ws`, objectBytes('ws', {}, { v: '1' }));
    const moved = await storage().update(ws.key, objectBytes('ws', {}, { v: '2' }), ws.modRevision);
    if (!moved.succeeded) throw new Error('update must succeed');
    const gone = await storage().create(`${base}gone`, objectBytes('gone'));
    await storage().delete(gone.key);
    await storage().create(`${children}kid`, objectBytes('kid'));
    const before = await storage().currentRevision();
    const changed = await rejection(storage().deletePrefixes([content], { deleteKeys: [{ key: ws.key, expectedModRevision: ws.modRevision }] }));
    expect(changed.code).toBe(StorageErrorCode.Conflict);
    expect(changed.key).toBe(ws.key);
    expect(changed.message).toContain(ws.key);
    // The first failing key in the given order is named, and before an occupied guard.
    const vanished = await rejection(
      storage().deletePrefixes([content], {
        requireEmpty: [children],
        deleteKeys: [
          { key: gone.key, expectedModRevision: gone.modRevision },
          { key: ws.key, expectedModRevision: ws.modRevision },
        ],
      }),
    );
    expect(vanished.code).toBe(StorageErrorCode.Conflict);
    expect(vanished.key).toBe(gone.key);
    const guarded = await rejection(
      storage().deletePrefixes([content], { requireEmpty: [children], deleteKeys: [{ key: ws.key, expectedModRevision: moved.kv.modRevision }] }),
    );
    expect(guarded.code).toBe(StorageErrorCode.Conflict);
    expect(guarded.key).toBeUndefined();
    expect(guarded.message).toContain(children);
    expect(await storage().currentRevision()).toBe(before);
    expect(await storage().count(content)).toBe(1);
    expect((await storage().get(ws.key)).kv.modRevision).toBe(moved.kv.modRevision);
    // At its current revision the key goes, with the prefix.
    const res = await storage().deletePrefixes([content], { deleteKeys: [{ key: ws.key, expectedModRevision: moved.kv.modRevision }] });
    expect(res.deleted).toBe(2);
  });

  it('deletePrefixes rejects InvalidArgument for a deleteKey under a prefix, twice, at a non-positive revision or past the limit', async () => {
    const base = freshPrefix();
    const content = `${base}content/`;
    await storage().create(`${content}x`, objectBytes('x'));
    const ws = await storage().create(`${base}ws`, objectBytes('ws'));
    const key = { key: ws.key, expectedModRevision: ws.modRevision };
    const before = await storage().currentRevision();
    const under = await rejection(storage().deletePrefixes([content], { deleteKeys: [key, { key: `${content}x`, expectedModRevision: ws.modRevision - 1 }] }));
    expect(under.code).toBe(StorageErrorCode.InvalidArgument);
    expect(under.key).toBe(`${content}x`);
    expect((await rejection(storage().deletePrefixes([content], { deleteKeys: [key, key] }))).code).toBe(StorageErrorCode.InvalidArgument);
    for (const expectedModRevision of [0, -1, 1.5]) {
      const bad = await rejection(storage().deletePrefixes([content], { deleteKeys: [{ key: ws.key, expectedModRevision }] }));
      expect(bad.code).toBe(StorageErrorCode.InvalidArgument);
    }
    // Prefixes and keys share the limit of one Txn.
    const prefixes = Array.from({ length: MAX_DELETE_PREFIXES }, (_, i) => `${base}p${i}/`);
    const tooMany = await rejection(storage().deletePrefixes(prefixes, { deleteKeys: [key] }));
    expect(tooMany.code).toBe(StorageErrorCode.InvalidArgument);
    expect(tooMany.message).toContain(String(MAX_DELETE_PREFIXES));
    const tooManyGuards = await rejection(storage().deletePrefixes([content], { requireEmpty: prefixes, deleteKeys: [key] }));
    expect(tooManyGuards.code).toBe(StorageErrorCode.InvalidArgument);
    expect(await storage().currentRevision()).toBe(before);
    expect(await storage().count(content)).toBe(1);
    expect((await storage().get(ws.key)).kv.modRevision).toBe(ws.modRevision);
    // Exactly the limit is one Txn etcd accepts, with as many guards.
    const res = await storage().deletePrefixes([content, ...prefixes.slice(0, MAX_DELETE_PREFIXES - 2)], {
      requireEmpty: prefixes.slice(0, MAX_DELETE_PREFIXES - 1),
      deleteKeys: [key],
    });
    expect(res.deleted).toBe(2);
  });

  it('createAll creates every key at one revision, readable at once through this store', async () => {
    const base = freshPrefix();
    const items = ['a', 'b', 'c'].map((n) => ({ key: `${base}${n}/x`, value: objectBytes(n) }));
    const before = await storage().currentRevision();
    const kvs = await storage().createAll(items);
    expect(kvs.map((kv) => kv.key)).toEqual(items.map((i) => i.key));
    expect(new Set(kvs.map((kv) => kv.modRevision))).toEqual(new Set([before + 1]));
    expect(kvs.every((kv) => kv.createRevision === kv.modRevision)).toBe(true);
    for (const item of items) {
      const got = await storage().get(item.key);
      expect(got.kv.modRevision).toBe(before + 1);
      expect(Buffer.from(got.kv.value).equals(Buffer.from(item.value))).toBe(true);
    }
    // Just before that revision none of them existed: all at once, not one by one.
    expect((await storage().list(base, { resourceVersion: String(before), resourceVersionMatch: 'Exact' })).items).toHaveLength(0);
  });

  it('createAll writes nothing and names the first existing key when any key exists', async () => {
    const base = freshPrefix();
    const taken = await storage().create(`${base}b/x`, objectBytes('b', {}, { v: 'old' }));
    const before = await storage().currentRevision();
    const err = await rejection(storage().createAll(['a', 'b', 'c'].map((n) => ({ key: `${base}${n}/x`, value: objectBytes(n) }))));
    expect(err.code).toBe(StorageErrorCode.KeyExists);
    expect(err.key).toBe(`${base}b/x`);
    expect(await storage().count(`${base}a/`)).toBe(0);
    expect(await storage().count(`${base}c/`)).toBe(0);
    expect((await storage().get(taken.key)).kv.modRevision).toBe(taken.modRevision);
    expect(await storage().currentRevision()).toBe(before);
  });

  it('createAll rejects InvalidArgument for no keys, a repeated key or more than MAX_CREATE_ALL, writing nothing', async () => {
    const base = freshPrefix();
    const before = await storage().currentRevision();
    expect((await rejection(storage().createAll([]))).code).toBe(StorageErrorCode.InvalidArgument);
    const twice = await rejection(storage().createAll([{ key: `${base}a`, value: objectBytes('a') }, { key: `${base}a`, value: objectBytes('a') }]));
    expect(twice.code).toBe(StorageErrorCode.InvalidArgument);
    const many = Array.from({ length: MAX_CREATE_ALL + 1 }, (_, i) => ({ key: `${base}k${i}`, value: objectBytes(`k${i}`) }));
    const tooMany = await rejection(storage().createAll(many));
    expect(tooMany.code).toBe(StorageErrorCode.InvalidArgument);
    expect(tooMany.message).toContain(String(MAX_CREATE_ALL));
    expect(await storage().currentRevision()).toBe(before);
    expect(await storage().count(base)).toBe(0);
    // Exactly the limit is one Txn etcd accepts.
    const kvs = await storage().createAll(many.slice(0, MAX_CREATE_ALL));
    expect(kvs).toHaveLength(MAX_CREATE_ALL);
    expect(await storage().count(base)).toBe(MAX_CREATE_ALL);
  });

  it('createAll with expectedModRevision overwrites existing keys in the same revision as the creates', async () => {
    const base = freshPrefix();
    const ws = await storage().create(`${base}ws`, objectBytes('ws', {}, { phase: 'Initializing' }));
    const moved = await storage().update(ws.key, objectBytes('ws', {}, { phase: 'Initializing', v: '2' }), ws.modRevision);
    if (!moved.succeeded) throw new Error('update must succeed');
    const before = await storage().currentRevision();
    const items = [
      { key: `${base}content/a`, value: objectBytes('a') },
      { key: ws.key, value: objectBytes('ws', {}, { phase: 'Ready' }), expectedModRevision: moved.kv.modRevision },
      { key: `${base}content/b`, value: objectBytes('b'), expectedModRevision: 0 },
    ];
    const kvs = await storage().createAll(items);
    expect(kvs.map((kv) => kv.key)).toEqual(items.map((i) => i.key));
    expect(kvs.map((kv) => kv.modRevision)).toEqual([before + 1, before + 1, before + 1]);
    expect(kvs.map((kv) => kv.createRevision)).toEqual([before + 1, ws.createRevision, before + 1]);
    for (const item of items) {
      const got = await storage().get(item.key);
      expect(got.kv.modRevision).toBe(before + 1);
      expect(Buffer.from(got.kv.value).equals(Buffer.from(item.value))).toBe(true);
    }
    expect((await storage().get(ws.key)).kv.createRevision).toBe(ws.createRevision);
    const at = (await storage().list(base, { resourceVersion: String(before), resourceVersionMatch: 'Exact' })).items;
    expect(at.map((kv) => kv.key)).toEqual([ws.key]);
    expect(decodeObject(at[0].value).data).toEqual({ phase: 'Initializing', v: '2' });
  });

  it('createAll rejects Conflict naming an overwrite whose key moved or is missing, writing nothing', async () => {
    const base = freshPrefix();
    const ws = await storage().create(`${base}ws`, objectBytes('ws', {}, { v: '1' }));
    const moved = await storage().update(ws.key, objectBytes('ws', {}, { v: '2' }), ws.modRevision);
    if (!moved.succeeded) throw new Error('update must succeed');
    const before = await storage().currentRevision();
    const creates = ['a', 'b'].map((n) => ({ key: `${base}content/${n}`, value: objectBytes(n) }));
    const stale = await rejection(storage().createAll([creates[0], { key: ws.key, value: objectBytes('ws', {}, { v: '3' }), expectedModRevision: ws.modRevision }, creates[1]]));
    expect(stale.code).toBe(StorageErrorCode.Conflict);
    expect(stale.key).toBe(ws.key);
    expect(stale.message).toContain(ws.key);
    const missingKey = `${base}missing`;
    const missing = await rejection(
      storage().createAll([
        ...creates,
        { key: missingKey, value: objectBytes('missing'), expectedModRevision: moved.kv.modRevision },
        { key: ws.key, value: objectBytes('ws', {}, { v: '3' }), expectedModRevision: ws.modRevision },
      ]),
    );
    expect(missing.code).toBe(StorageErrorCode.Conflict);
    expect(missing.key).toBe(missingKey);
    expect(await storage().currentRevision()).toBe(before);
    expect(await storage().count(`${base}content/`)).toBe(0);
    expect((await rejection(storage().get(missingKey))).code).toBe(StorageErrorCode.KeyNotFound);
    const got = await storage().get(ws.key);
    expect(got.kv.modRevision).toBe(moved.kv.modRevision);
    expect(decodeObject(got.kv.value).data).toEqual({ v: '2' });
  });

  it('createAll names an existing create\'s key (KeyExists) before a failing overwrite, even one earlier in the list', async () => {
    const base = freshPrefix();
    const ws = await storage().create(`${base}ws`, objectBytes('ws', {}, { v: '1' }));
    const taken = await storage().create(`${base}content/b`, objectBytes('b'));
    const before = await storage().currentRevision();
    const err = await rejection(
      storage().createAll([
        { key: ws.key, value: objectBytes('ws', {}, { v: '2' }), expectedModRevision: ws.modRevision + 1000 },
        { key: `${base}content/a`, value: objectBytes('a') },
        { key: taken.key, value: objectBytes('b') },
      ]),
    );
    expect(err.code).toBe(StorageErrorCode.KeyExists);
    expect(err.key).toBe(taken.key);
    expect(await storage().currentRevision()).toBe(before);
    expect(await storage().count(`${base}content/`)).toBe(1);
    expect((await storage().get(ws.key)).kv.modRevision).toBe(ws.modRevision);
  });

  it('createAll rejects InvalidArgument for a negative or fractional expectedModRevision, writing nothing', async () => {
    const base = freshPrefix();
    const ws = await storage().create(`${base}ws`, objectBytes('ws'));
    const before = await storage().currentRevision();
    for (const expectedModRevision of [-1, ws.modRevision + 0.5]) {
      const err = await rejection(storage().createAll([{ key: `${base}content/a`, value: objectBytes('a') }, { key: ws.key, value: objectBytes('ws'), expectedModRevision }]));
      expect(err.code).toBe(StorageErrorCode.InvalidArgument);
      expect(err.key).toBe(ws.key);
    }
    expect(await storage().currentRevision()).toBe(before);
    expect(await storage().count(`${base}content/`)).toBe(0);
  });

  it('currentRevision is linearizable: it reflects every completed write', async () => {
    const r0 = await storage().currentRevision();
    const kv = await storage().create(`${freshPrefix()}default/a`, objectBytes('a'));
    expect(kv.modRevision).toBeGreaterThan(r0);
    expect(await storage().currentRevision()).toBeGreaterThanOrEqual(kv.modRevision);
  });
}
