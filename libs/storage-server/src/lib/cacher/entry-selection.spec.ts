import { StorageError } from '@strata/storage';
import { entrySelection, labelsOf } from './entry-selection';
import type { CacheEntry } from './sorted-store';
import { SortedStore } from './sorted-store';

const store = new SortedStore({ slabSize: 4096 });
const put = (key: string, value: string): CacheEntry => {
  store.put({ key, value: Buffer.from(value), createRevision: 1, modRevision: 1 });
  return store.get(key) as CacheEntry;
};

describe('entrySelection on cached entries', () => {
  it('keeps only the labels of a selected entry, not the parsed object', () => {
    const e = put('/a', JSON.stringify({ metadata: { name: 'a', labels: { app: 'web' } }, data: { big: 'x'.repeat(500) } }));
    expect(e.labels).toBeUndefined();
    expect(entrySelection('app=web', undefined).matches(e)).toBe(true);
    expect(e.labels).toEqual({ app: 'web' });
    expect(entrySelection('app=db', undefined).matches(e)).toBe(false);
    // Everything the entry holds besides its bytes: the plain fields and the labels.
    expect(Object.keys(e).sort()).toEqual(['createRevision', 'key', 'labels', 'modRevision']);
  });

  it('matches field selectors on any field by parsing the value, alone or with labels', () => {
    const a = put('/b', JSON.stringify({ metadata: { name: 'b', namespace: 'ns1' }, spec: { nodeName: 'n1' } }));
    const other = put('/c', JSON.stringify({ metadata: { name: 'c', namespace: 'ns2' }, spec: { nodeName: 'n2' } }));
    const byNode = entrySelection(undefined, 'spec.nodeName=n1');
    expect([byNode.matches(a), byNode.matches(other), byNode.matches(a)]).toEqual([true, false, true]);
    expect(labelsOf(a)).toEqual({});
    expect(entrySelection('!app', 'metadata.namespace=ns2').matches(other)).toBe(true);
    expect(entrySelection('app', 'metadata.namespace=ns2').matches(other)).toBe(false);
  });

  it('never selects a value that is not a JSON object; everything matches without selectors', () => {
    const bad = put('/d', 'not json');
    const arr = put('/e', '[1,2]');
    expect(entrySelection('!app', undefined).matches(bad)).toBe(false);
    expect(entrySelection(undefined, 'metadata.name!=x').matches(arr)).toBe(false);
    expect(labelsOf(bad)).toBeNull();
    const all = entrySelection('', undefined);
    expect(all.empty).toBe(true);
    expect(all.matches(bad)).toBe(true);
  });

  it('rejects a selector that does not parse as InvalidArgument', () => {
    expect(() => entrySelection('app in (', undefined)).toThrow(StorageError);
  });
});
