import { reconcileRootWorkspace } from './root-workspace-reconcile';
import type { NamespaceApi } from './namespace-api';

/** A namespace API on a plain map, recording the calls. */
function fakeNamespaces(existing: string[], opts: { createAnswer?: 'created' | 'exists'; failGet?: Error } = {}) {
  const store = new Set(existing);
  const calls: string[] = [];
  const api: NamespaceApi = {
    async get(name) {
      calls.push(`get ${name}`);
      if (opts.failGet) throw opts.failGet;
      return store.has(name) ? { metadata: { name } } : undefined;
    },
    async create(name) {
      calls.push(`create ${name}`);
      store.add(name);
      return opts.createAnswer ?? 'created';
    },
  };
  return { api, calls, store };
}

describe('reconcileRootWorkspace', () => {
  it('creates the default namespace when it is missing', async () => {
    const { api, calls, store } = fakeNamespaces([]);
    expect(await reconcileRootWorkspace(api)).toEqual({ created: ['default'] });
    expect(calls).toEqual(['get default', 'create default']);
    expect(store.has('default')).toBe(true);
  });

  it('only reads when the namespace exists', async () => {
    const { api, calls } = fakeNamespaces(['default']);
    expect(await reconcileRootWorkspace(api)).toEqual({ created: [] });
    expect(calls).toEqual(['get default']);
  });

  it('counts losing a create race as done', async () => {
    const { api } = fakeNamespaces([], { createAnswer: 'exists' });
    expect(await reconcileRootWorkspace(api)).toEqual({ created: [] });
  });

  it('rejects with the API failure so the pass is retried', async () => {
    const { api } = fakeNamespaces([], { failGet: new Error('connection refused') });
    await expect(reconcileRootWorkspace(api)).rejects.toThrow('connection refused');
  });

  it('stops before calling the API when aborted', async () => {
    const { api, calls } = fakeNamespaces([]);
    const ac = new AbortController();
    ac.abort();
    await expect(reconcileRootWorkspace(api, ac.signal)).rejects.toThrow();
    expect(calls).toEqual([]);
  });
});
