import { CacheWatcher } from './cache-watcher';
import { entrySelection } from './entry-selection';
import { WatcherIndex } from './watcher-index';

function watcher(index: WatcherIndex, key: string, recursive: boolean): CacheWatcher {
  const w = new CacheWatcher({ key, recursive, selection: entrySelection('', '') }, [], 10, false, 0, (x) => index.delete(x));
  index.add(w);
  return w;
}

describe('WatcherIndex', () => {
  it('yields the exact watchers of a key and the recursive watchers of its "/" prefixes, nothing else', () => {
    const index = new WatcherIndex();
    const all = watcher(index, '/registry/', true);
    const ws = watcher(index, '/registry/cm/ws-1/', true);
    const exact = watcher(index, '/registry/cm/ws-1/default/a', false);
    watcher(index, '/registry/cm/ws-2/', true);
    watcher(index, '/registry/cm/ws-1/default/b', false);
    watcher(index, '/registry/cm/ws-1/default/a/', true);
    expect(new Set(index.candidates('/registry/cm/ws-1/default/a'))).toEqual(new Set([all, ws, exact]));
    expect(index.size).toBe(6);
  });

  it('forgets a closed watcher, also while its candidates are being iterated', () => {
    const index = new WatcherIndex();
    const a = watcher(index, '/registry/x/', true);
    const b = watcher(index, '/registry/x/', true);
    const seen: CacheWatcher[] = [];
    for (const w of index.candidates('/registry/x/k')) {
      seen.push(w);
      a.close();
    }
    expect(seen).toEqual([a, b]);
    expect([...index.candidates('/registry/x/k')]).toEqual([b]);
    expect([...index]).toEqual([b]);
    index.delete(a);
    expect(index.size).toBe(1);
  });
});
