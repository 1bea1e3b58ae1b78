import { StorageErrorCode } from '../lib/errors';
import type { KeyValue } from '../lib/interfaces';
import { decodeObject, freshPrefix, objectBytes, rejection, type SetupRef } from './fixtures';

const names = (items: readonly KeyValue[]) => items.map((kv) => decodeObject(kv.value).metadata.name);

/** list: pagination, continue tokens, resourceVersion rules, selectors, workspace isolation. */
export function listConformance(setup: SetupRef): void {
  const storage = () => setup().storage;

  async function seed(prefix: string, items: Array<[string, Record<string, string>?]>): Promise<KeyValue[]> {
    const out: KeyValue[] = [];
    for (const [name, labels] of items) out.push(await storage().create(`${prefix}${name}`, objectBytes(name, labels)));
    return out;
  }

  it('lists every key under the prefix in key order at a revision covering them', async () => {
    const prefix = freshPrefix();
    const kvs = await seed(prefix, [['c'], ['a'], ['b']]);
    const res = await storage().list(prefix);
    expect(names(res.items)).toEqual(['a', 'b', 'c']);
    expect(res.revision).toBeGreaterThanOrEqual(Math.max(...kvs.map((kv) => kv.modRevision)));
    expect(res.continueToken).toBe('');
    expect(res.remainingItemCount).toBeUndefined();
    expect((await rejection(storage().list(prefix.slice(0, -1)))).code).toBe(StorageErrorCode.InvalidArgument);
  });

  it('a workspace prefix never matches a longer sibling (ab/ vs abc/)', async () => {
    const base = freshPrefix();
    await seed(`${base}ab/`, [['one']]);
    await seed(`${base}abc/`, [['two'], ['three']]);
    expect(names((await storage().list(`${base}ab/`)).items)).toEqual(['one']);
    expect(names((await storage().list(`${base}abc/`)).items)).toEqual(['three', 'two']);
  });

  it('paginates at one revision while writes happen between pages, with remainingItemCount', async () => {
    const prefix = freshPrefix();
    await seed(prefix, [['a'], ['b'], ['c'], ['d'], ['e']]);
    const first = await storage().list(prefix, { limit: 2 });
    expect(names(first.items)).toEqual(['a', 'b']);
    expect(first.continueToken).not.toBe('');
    expect(first.remainingItemCount).toBe(3);
    // Changes after the first page must not show up in later pages.
    const c = await storage().get(`${prefix}c`);
    await storage().update(`${prefix}c`, objectBytes('c', { changed: 'yes' }), c.kv.modRevision);
    await storage().delete(`${prefix}d`);
    await storage().create(`${prefix}bb`, objectBytes('bb'));
    const second = await storage().list(prefix, { limit: 2, continueToken: first.continueToken });
    expect(second.revision).toBe(first.revision);
    expect(names(second.items)).toEqual(['c', 'd']);
    expect(decodeObject(second.items[0]!.value).metadata.labels).toEqual({});
    expect(second.remainingItemCount).toBe(1);
    const third = await storage().list(prefix, { limit: 2, continueToken: second.continueToken, resourceVersion: '0' });
    expect(third.revision).toBe(first.revision);
    expect(names(third.items)).toEqual(['e']);
    expect(third.continueToken).toBe('');
    expect(third.remainingItemCount).toBeUndefined();
    expect(names((await storage().list(prefix)).items)).toEqual(['a', 'b', 'bb', 'c', 'e']);
  });

  it('a continue token cannot escape the prefix it is used with', async () => {
    const base = freshPrefix();
    await seed(`${base}ab/`, [['a1'], ['a2'], ['a3']]);
    await seed(`${base}abc/`, [['b1'], ['b2'], ['b3']]);
    const fromAb = await storage().list(`${base}ab/`, { limit: 1 });
    const res = await storage()
      .list(`${base}abc/`, { limit: 10, continueToken: fromAb.continueToken })
      .catch((err: { code?: string }) => err);
    if ('items' in res) {
      for (const kv of res.items) expect(kv.key.startsWith(`${base}abc/`)).toBe(true);
    } else {
      expect(res.code).toBe(StorageErrorCode.InvalidArgument);
    }
    const garbage = await rejection(storage().list(`${base}ab/`, { limit: 1, continueToken: 'not-a-token' }));
    expect(garbage.code).toBe(StorageErrorCode.InvalidArgument);
  });

  it('validates resourceVersion, resourceVersionMatch and continue like kube', async () => {
    const prefix = freshPrefix();
    await seed(prefix, [['a'], ['b']]);
    const page = await storage().list(prefix, { limit: 1 });
    const withRv = await rejection(storage().list(prefix, { limit: 1, continueToken: page.continueToken, resourceVersion: '5' }));
    expect(withRv.code).toBe(StorageErrorCode.InvalidArgument);
    expect(withRv.message).toBe('specifying resource version is not allowed when using continue');
    const noRv = await rejection(storage().list(prefix, { resourceVersionMatch: 'NotOlderThan' }));
    expect(noRv.code).toBe(StorageErrorCode.InvalidArgument);
    expect(noRv.message).toContain('resourceVersionMatch is forbidden unless resourceVersion is provided');
    const exact0 = await rejection(storage().list(prefix, { resourceVersion: '0', resourceVersionMatch: 'Exact' }));
    expect(exact0.code).toBe(StorageErrorCode.InvalidArgument);
    expect(exact0.message).toContain('resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    const withCont = await rejection(
      storage().list(prefix, { resourceVersion: '5', resourceVersionMatch: 'NotOlderThan', continueToken: page.continueToken }),
    );
    expect(withCont.code).toBe(StorageErrorCode.InvalidArgument);
    expect(withCont.message).toContain('resourceVersionMatch is forbidden when continue is provided');
    expect((await rejection(storage().list(prefix, { resourceVersion: 'x1' }))).code).toBe(StorageErrorCode.InvalidArgument);
  });

  it('Exact reads the past; NotOlderThan or Exact ahead of the store rejects ResourceVersionTooLarge', async () => {
    const prefix = freshPrefix();
    const [a] = await seed(prefix, [['a']]);
    await seed(prefix, [['b']]);
    const past = await storage().list(prefix, { resourceVersion: String(a!.modRevision), resourceVersionMatch: 'Exact' });
    expect(names(past.items)).toEqual(['a']);
    expect(past.revision).toBe(a!.modRevision);
    const legacy = await storage().list(prefix, { resourceVersion: String(a!.modRevision), limit: 10 });
    expect(names(legacy.items)).toEqual(['a']);
    const notOlder = await storage().list(prefix, { resourceVersion: String(a!.modRevision), resourceVersionMatch: 'NotOlderThan' });
    expect(names(notOlder.items)).toEqual(['a', 'b']);
    const future = String((await storage().currentRevision()) + 1000);
    for (const match of ['NotOlderThan', 'Exact'] as const) {
      const err = await rejection(storage().list(prefix, { resourceVersion: future, resourceVersionMatch: match }));
      expect(err.code).toBe(StorageErrorCode.ResourceVersionTooLarge);
    }
  });

  it('filters by label and field selectors and keeps reading until the limit is filled', async () => {
    const prefix = freshPrefix();
    await seed(prefix, [
      ['a', { app: 'web' }],
      ['b', { app: 'db' }],
      ['c', { app: 'db' }],
      ['d', { app: 'db' }],
      ['e', { app: 'web', tier: 'front' }],
      ['f', { app: 'db' }],
      ['g', { app: 'web' }],
    ]);
    const web = await storage().list(prefix, { labelSelector: 'app=web', limit: 2 });
    expect(names(web.items)).toEqual(['a', 'e']);
    expect(web.remainingItemCount).toBeUndefined();
    expect(web.continueToken).not.toBe('');
    const rest = await storage().list(prefix, { labelSelector: 'app=web', limit: 2, continueToken: web.continueToken });
    expect(names(rest.items)).toEqual(['g']);
    expect(rest.revision).toBe(web.revision);
    expect(names((await storage().list(prefix, { labelSelector: 'app in (web),tier' })).items)).toEqual(['e']);
    expect(names((await storage().list(prefix, { labelSelector: 'app!=web' })).items)).toEqual(['b', 'c', 'd', 'f']);
    expect(names((await storage().list(prefix, { fieldSelector: 'metadata.name=c' })).items)).toEqual(['c']);
    expect(names((await storage().list(prefix, { fieldSelector: 'metadata.name!=c', labelSelector: 'app=db' })).items)).toEqual([
      'b',
      'd',
      'f',
    ]);
    expect((await rejection(storage().list(prefix, { labelSelector: 'app in (' }))).code).toBe(StorageErrorCode.InvalidArgument);
  });
}
