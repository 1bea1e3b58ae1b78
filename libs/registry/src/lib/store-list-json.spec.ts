import { FakeStorage } from '../testing/fake-storage';
import { encodeObject } from './codec';
import { createResourceRegistry } from './resource-registry';
import type { GenericStore, RequestScope } from './store';

function setup() {
  const storage = new FakeStorage();
  const registry = createResourceRegistry(storage);
  const store = (group: string, version: string, plural: string): GenericStore => registry.lookup(group, version, plural)!.store;
  return { storage, store };
}

/** listJson must answer exactly what JSON.stringify(list) answers, whichever path each object takes. */
async function expectSameBody(store: GenericStore, scope: RequestScope): Promise<string> {
  const body = (await store.listJson(scope, {})).toString('utf8');
  expect(body).toBe(JSON.stringify(await store.list(scope, {})));
  return body;
}

describe('GenericStore.listJson', () => {
  it('is byte-identical to the decoded list, for canonical, foreign and empty stored values', async () => {
    const { storage, store } = setup();
    const configmaps = store('', 'v1', 'configmaps');
    const scope = { cluster: 'root', namespace: 'default' };
    expect(JSON.parse(await expectSameBody(configmaps, scope))).toMatchObject({ kind: 'ConfigMapList', items: [] });
    await configmaps.create(scope, { metadata: { name: 'a', labels: { x: 'y' }, annotations: { note: 'é ✓' } }, data: { k: 'v\n"' } });
    await configmaps.create(scope, { metadata: { name: 'b' }, data: {} });
    // Values written by something else (whitespace, a stored resourceVersion, an index key) take the decoded path.
    storage.put('/registry/core/configmaps/root/default/c', Buffer.from('{ "kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name":"c","namespace":"default"} }'));
    storage.put('/registry/core/configmaps/root/default/d', Buffer.from('{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"d","namespace":"default","resourceVersion":"1"}}'));
    storage.put('/registry/core/configmaps/root/default/e', encodeObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'e', namespace: 'default' }, data: { '7': 'seven', b: '' } }));
    const body = JSON.parse(await expectSameBody(configmaps, scope)) as { items: { metadata: { name: string; resourceVersion: string } }[] };
    expect(body.items.map((i) => i.metadata.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(body.items.map((i) => i.metadata.resourceVersion)).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((n) => String(storage.data.get(`/registry/core/configmaps/root/default/${n}`)!.modRevision)),
    );
  });

  it('converts stored representations (events.k8s.io over core events) and annotates /clusters/* lists', async () => {
    const { store } = setup();
    const core = store('', 'v1', 'events');
    const scope = { cluster: 'root', namespace: 'default' };
    await core.create(scope, { metadata: { name: 'ev' }, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'R', message: 'm' } as never);
    await expectSameBody(store('events.k8s.io', 'v1', 'events'), scope);
    const wildcard = await expectSameBody(core, { cluster: '*' });
    expect(wildcard).toContain('strata.dev/cluster');
  });

  it('a store that refuses list refuses listJson the same way', async () => {
    const { store } = setup();
    const reviews = store('authentication.k8s.io', 'v1', 'selfsubjectreviews');
    await expect(reviews.listJson({ cluster: 'root' }, {})).rejects.toMatchObject({ status: { code: 405 } });
  });
});
