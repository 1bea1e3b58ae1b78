import type { KeyValue } from '@strata/storage';
import { selectionFor } from './selection';
import { translateEtcdEvent } from './watch-events';

const obj = (labels: Record<string, string>) => Buffer.from(JSON.stringify({ metadata: { name: 'x', labels } }));
const kv = (labels: Record<string, string>, createRevision: number, modRevision: number): KeyValue => ({
  key: '/registry/core/configmaps/w/default/x',
  value: obj(labels),
  createRevision,
  modRevision,
});

describe('translateEtcdEvent', () => {
  const web = selectionFor('app=web', undefined);
  const all = selectionFor(undefined, undefined);

  it('without selectors: create is ADDED, later puts MODIFIED, delete DELETED', () => {
    expect(translateEtcdEvent({ type: 'put', kv: kv({}, 5, 5) }, all)?.type).toBe('ADDED');
    expect(translateEtcdEvent({ type: 'put', kv: kv({}, 5, 6), prevKv: kv({}, 5, 5) }, all)?.type).toBe('MODIFIED');
    expect(translateEtcdEvent({ type: 'delete', kv: kv({}, 5, 7), prevKv: kv({}, 5, 6) }, all)).toMatchObject({ type: 'DELETED', revision: 7 });
  });

  it('with a selector: entering is ADDED, leaving is DELETED with the old object at the new revision', () => {
    expect(translateEtcdEvent({ type: 'put', kv: kv({ app: 'web' }, 5, 6), prevKv: kv({ app: 'db' }, 5, 5) }, web)?.type).toBe('ADDED');
    const left = translateEtcdEvent({ type: 'put', kv: kv({ app: 'db' }, 5, 8), prevKv: kv({ app: 'web' }, 5, 7) }, web);
    expect(left).toMatchObject({ type: 'DELETED', revision: 8, kv: { modRevision: 8 } });
    expect(JSON.parse(Buffer.from(left!.kv!.value).toString()).metadata.labels).toEqual({ app: 'web' });
    expect(translateEtcdEvent({ type: 'put', kv: kv({ app: 'db' }, 5, 9), prevKv: kv({ app: 'db' }, 5, 8) }, web)).toBeUndefined();
    expect(translateEtcdEvent({ type: 'delete', kv: kv({ app: 'db' }, 5, 10), prevKv: kv({ app: 'db' }, 5, 9) }, web)).toBeUndefined();
    expect(translateEtcdEvent({ type: 'put', kv: kv({ app: 'db' }, 11, 11) }, web)).toBeUndefined();
  });
});
