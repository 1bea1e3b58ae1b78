import { StorageErrorCode } from '@strata/storage';
import { FakeStorage } from './fake-storage';

/** The fake's conditional createAll/deletePrefixes follow the Storage contract the real stores pass in conformance. */
describe('FakeStorage conditional createAll and deletePrefixes', () => {
  const bytes = (s: string) => Buffer.from(s);

  it('createAll overwrites at the expected revision with the creates, keeping createRevision', async () => {
    const s = new FakeStorage();
    const ws = s.put('/ws', bytes('1'));
    const kvs = await s.createAll([
      { key: '/c/a', value: bytes('a') },
      { key: '/ws', value: bytes('2'), expectedModRevision: ws.modRevision },
    ]);
    expect(kvs.map((kv) => kv.modRevision)).toEqual([s.revision, s.revision]);
    expect(kvs[1].createRevision).toBe(ws.createRevision);
    expect(Buffer.from((await s.get('/ws')).kv.value).toString()).toBe('2');
  });

  it('createAll: KeyExists before Conflict, Conflict names the first stale overwrite, nothing written', async () => {
    const s = new FakeStorage();
    const ws = s.put('/ws', bytes('1'));
    s.put('/c/b', bytes('b'));
    const rev = s.revision;
    const stale = { key: '/ws', value: bytes('2'), expectedModRevision: ws.modRevision + 5 };
    await expect(s.createAll([stale, { key: '/c/b', value: bytes('b') }])).rejects.toMatchObject({ code: StorageErrorCode.KeyExists, key: '/c/b' });
    await expect(s.createAll([{ key: '/c/a', value: bytes('a') }, { key: '/gone', value: bytes('g'), expectedModRevision: 1 }, stale])).rejects.toMatchObject({
      code: StorageErrorCode.Conflict,
      key: '/gone',
    });
    expect(s.revision).toBe(rev);
    expect(s.data.has('/c/a')).toBe(false);
  });

  it('deletePrefixes deletes the keys at their revision with the prefixes, else Conflict naming the key before a guard', async () => {
    const s = new FakeStorage();
    s.put('/c/x', bytes('x'));
    const ws = s.put('/ws', bytes('1'));
    s.put('/kids/k', bytes('k'));
    const rev = s.revision;
    const stale = { key: '/ws', expectedModRevision: ws.modRevision - 1 };
    await expect(s.deletePrefixes(['/c/'], { requireEmpty: ['/kids/'], deleteKeys: [stale] })).rejects.toMatchObject({ code: StorageErrorCode.Conflict, key: '/ws' });
    await expect(s.deletePrefixes(['/c/'], { requireEmpty: ['/kids/'], deleteKeys: [{ key: '/ws', expectedModRevision: ws.modRevision }] })).rejects.toMatchObject({
      code: StorageErrorCode.Conflict,
      key: undefined,
    });
    await expect(s.deletePrefixes(['/c/'], { deleteKeys: [{ key: '/c/x', expectedModRevision: ws.modRevision }] })).rejects.toMatchObject({
      code: StorageErrorCode.InvalidArgument,
    });
    expect(s.revision).toBe(rev);
    expect(await s.deletePrefixes(['/c/'], { deleteKeys: [{ key: '/ws', expectedModRevision: ws.modRevision }] })).toEqual({ deleted: 2, revision: rev + 1 });
    expect(s.data.has('/ws')).toBe(false);
  });
});
