import type { NamespaceContentApi, NamespaceObject, NamespacedResource, RemainingContent } from './namespace-content-api';
import { reconcileNamespaceDeletion } from './namespace-deletion-reconcile';

const configmaps: NamespacedResource = { groupVersion: 'v1', plural: 'configmaps', verbs: ['delete', 'deletecollection', 'list'] };

/** A content API on plain maps: objects per resource, each with its finalizers; records the calls. */
function fakeApi(objects: Record<string, string[][]>) {
  const calls: string[] = [];
  const api: NamespaceContentApi = {
    async getNamespace() {
      return undefined;
    },
    async namespacedResources() {
      return [configmaps];
    },
    async deleteCollection(resource, namespace) {
      calls.push(`deletecollection ${resource.plural} ${namespace}`);
      objects[resource.plural] = (objects[resource.plural] ?? []).filter((finalizers) => finalizers.length > 0);
    },
    async remaining(resource): Promise<RemainingContent> {
      const left = objects[resource.plural] ?? [];
      const finalizers = new Map<string, number>();
      for (const fs of left) for (const f of fs) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
      return { count: left.length, finalizers };
    },
    async updateStatus(ns) {
      calls.push(`status ${ns.status?.conditions?.find((c) => c.type === 'NamespaceContentRemaining')?.status}`);
      return ns;
    },
    async finalize(ns) {
      calls.push(`finalize ${JSON.stringify(ns.spec?.finalizers)}`);
      return ns;
    },
  };
  return { api, calls };
}

const terminating = (finalizers = ['kubernetes']): NamespaceObject => ({
  metadata: { name: 'team', deletionTimestamp: '2025-01-01T00:00:00Z' },
  spec: { finalizers },
  status: { phase: 'Terminating' },
});
const now = () => '2025-01-01T00:00:01Z';

describe('reconcileNamespaceDeletion', () => {
  it('deletes the content, reports it in the conditions and drops the kubernetes finalizer', async () => {
    const { api, calls } = fakeApi({ configmaps: [[], []] });
    expect(await reconcileNamespaceDeletion(api, terminating(['kubernetes', 'example.com/other']), now)).toBe('finalized');
    expect(calls).toEqual(['deletecollection configmaps team', 'status False', 'finalize ["example.com/other"]']);
  });

  it('waits for content held by finalizers and says which', async () => {
    const { api, calls } = fakeApi({ configmaps: [['example.com/hold'], []] });
    let reported: NamespaceObject | undefined;
    const recording: NamespaceContentApi = { ...api, updateStatus: async (ns) => ((reported = ns), api.updateStatus(ns)) };
    expect(await reconcileNamespaceDeletion(recording, terminating(), now)).toBe('remaining');
    expect(calls).toEqual(['deletecollection configmaps team', 'status True']);
    expect(reported?.status?.conditions).toEqual(
      expect.arrayContaining([
        { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: configmaps has 1 resource instances', lastTransitionTime: now() },
        {
          type: 'NamespaceFinalizersRemaining',
          status: 'True',
          reason: 'SomeFinalizersRemain',
          message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
          lastTransitionTime: now(),
        },
      ]),
    );
  });

  it('leaves namespaces alone that are not terminating or no longer carry its finalizer', async () => {
    const { api, calls } = fakeApi({ configmaps: [[]] });
    expect(await reconcileNamespaceDeletion(api, { metadata: { name: 'live' }, spec: { finalizers: ['kubernetes'] } }, now)).toBe('not-terminating');
    expect(await reconcileNamespaceDeletion(api, terminating([]), now)).toBe('not-ours');
    expect(calls).toEqual([]);
  });

  it('reports a conflict when the namespace changed meanwhile, for a retry', async () => {
    const { api } = fakeApi({ configmaps: [] });
    expect(await reconcileNamespaceDeletion({ ...api, finalize: async () => undefined }, terminating(), now)).toBe('conflict');
  });
});
