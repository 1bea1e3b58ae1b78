import { waitFor } from '@strata/testing';
import type { ListWatcher } from '../../informer/list-watcher';
import type { RawWatchEvent } from '../../informer/watch-stream';
import type { NamespaceContentApi, NamespaceObject } from './namespace-content-api';
import { NamespaceLifecycleController } from './namespace-lifecycle-controller';

const ns = (cluster: string, name: string, terminating: boolean): NamespaceObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name,
    resourceVersion: '5',
    annotations: { 'strata.dev/cluster': cluster, big: 'x'.repeat(1000) },
    ...(terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
  },
  spec: { finalizers: ['kubernetes'] },
});

/** A list of fixed namespaces, then a watch that stays open until aborted. */
function fixedListWatcher(items: NamespaceObject[]): ListWatcher<NamespaceObject> {
  return {
    list: async () => ({ items, resourceVersion: '10' }),
    watch: (_rv, signal) => ({
      async *[Symbol.asyncIterator](): AsyncGenerator<RawWatchEvent> {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        yield* [];
      },
    }),
  };
}

/** A content API of one workspace on a map of namespaces (no content), recording which workspace did what. */
function fakeApis(all: NamespaceObject[], calls: string[]) {
  return (workspacePath: string): NamespaceContentApi => {
    const find = (name: string) => all.find((n) => `/clusters/${n.metadata.annotations?.['strata.dev/cluster']}` === workspacePath && n.metadata.name === name);
    return {
      getNamespace: async (name) => structuredClone(find(name)),
      namespacedResources: async () => [],
      deleteCollection: async () => undefined,
      remaining: async () => ({ count: 0, finalizers: new Map() }),
      updateStatus: async (n) => n,
      async finalize(n) {
        calls.push(`finalize ${workspacePath} ${n.metadata.name} ${JSON.stringify(n.spec?.finalizers)}`);
        return n;
      },
    };
  };
}

describe('NamespaceLifecycleController', () => {
  it('finalizes terminating namespaces of every workspace, in their own workspace, and no others', async () => {
    const all = [ns('root', 'casc', true), ns('abc123', 'casc', true), ns('abc123', 'keep', false), ns('xyz9', 'default', false)];
    const calls: string[] = [];
    const controller = new NamespaceLifecycleController({ connection: { server: 'http://127.0.0.1:1' }, listWatcher: fixedListWatcher(all), apiFor: fakeApis(all, calls) });
    controller.start();
    try {
      await waitFor(async () => calls.length >= 2, 5_000, 'both terminating namespaces finalized');
      expect(controller.hasSynced()).toBe(true);
      expect(calls.sort()).toEqual(['finalize /clusters/abc123 casc []', 'finalize /clusters/root casc []']);
    } finally {
      await controller.stop();
    }
  });

  it('asks again after requeueMs while content remains', async () => {
    const all = [ns('abc123', 'held', true)];
    let remainingChecks = 0;
    const base = fakeApis(all, []);
    const apiFor = (path: string): NamespaceContentApi => ({
      ...base(path),
      namespacedResources: async () => [{ groupVersion: 'v1', plural: 'configmaps', verbs: ['deletecollection', 'list'] }],
      async remaining() {
        remainingChecks++;
        return { count: 1, finalizers: new Map([['example.com/hold', 1]]) };
      },
    });
    const controller = new NamespaceLifecycleController({ connection: { server: 'http://127.0.0.1:1' }, listWatcher: fixedListWatcher(all), apiFor, requeueMs: 20 });
    controller.start();
    try {
      await waitFor(async () => remainingChecks >= 3, 5_000, 'the held namespace is looked at again');
    } finally {
      await controller.stop();
    }
  });
});
