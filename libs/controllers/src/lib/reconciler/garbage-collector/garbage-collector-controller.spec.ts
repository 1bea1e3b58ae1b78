import { Registry } from 'prom-client';
import { waitFor } from '@strata/testing';
import { ApiError } from '../../client/api-error';
import type { RawWatchEvent } from '../../informer/watch-stream';
import type { GarbageCollectorApi, GcObject, GcResource } from './garbage-collector-api';
import { GarbageCollectorController } from './garbage-collector-controller';
import type { GcListWatcher } from './garbage-collector-controller';

const CLUSTER = 'strata.dev/cluster';
const configmaps: GcResource = { groupVersion: 'v1', group: '', plural: 'configmaps', kind: 'ConfigMap', namespaced: true, verbs: ['get', 'list', 'watch', 'delete'] };
const secrets: GcResource = { groupVersion: 'v1', group: '', plural: 'secrets', kind: 'Secret', namespaced: true, verbs: ['get', 'list', 'watch', 'delete'] };

/** A pushable async stream of watch events (one open watch). */
class Channel implements AsyncIterable<RawWatchEvent> {
  private readonly buffered: RawWatchEvent[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.close(), { once: true });
  }
  push(event: RawWatchEvent): void {
    this.buffered.push(structuredClone(event));
    this.wake?.();
  }
  close(): void {
    this.closed = true;
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<RawWatchEvent> {
    for (;;) {
      while (this.buffered.length > 0) yield this.buffered.shift() as RawWatchEvent;
      if (this.closed || this.signal.aborted) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }
}

/**
 * An apiserver of several workspaces on plain maps, with kube's finalizer rules, serving both the collector's
 * per-workspace API and its cross-workspace WatchList streams (or only list+watch, or refusing WatchList).
 */
function fakeServer(opts: { watchList?: 'yes' | 'no' | 'refused' } = {}) {
  const objects = new Map<string, { r: GcResource; cluster: string; obj: GcObject }>();
  const watchers = new Map<string, Set<Channel>>();
  const calls: string[] = [];
  const counts = { watchList: 0, list: 0, watch: 0 };
  let rv = 1;
  let uid = 1;
  const key = (r: GcResource, cluster: string, ns: string | undefined, name: string) => `${r.plural}|${cluster}|${ns ?? ''}|${name}`;
  const annotated = (cluster: string, obj: GcObject): GcObject =>
    structuredClone({ ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), [CLUSTER]: cluster } } });
  const emit = (r: GcResource, type: RawWatchEvent['type'], cluster: string, obj: GcObject) => {
    for (const ch of watchers.get(r.plural) ?? []) ch.push({ type, object: annotated(cluster, obj) as unknown as Record<string, unknown> });
  };
  const store = (r: GcResource, cluster: string, obj: GcObject, type: 'ADDED' | 'MODIFIED') => {
    obj.metadata.resourceVersion = String(++rv);
    objects.set(key(r, cluster, obj.metadata.namespace, obj.metadata.name), { r, cluster, obj });
    emit(r, type, cluster, obj);
  };
  const remove = (r: GcResource, cluster: string, obj: GcObject) => {
    objects.delete(key(r, cluster, obj.metadata.namespace, obj.metadata.name));
    obj.metadata.resourceVersion = String(++rv);
    emit(r, 'DELETED', cluster, obj);
  };
  /** kube's DELETE: with finalizers the object is only marked. */
  const deleteObject = (r: GcResource, cluster: string, cur: GcObject, finalizer?: string) => {
    if (finalizer) cur.metadata.finalizers = [...(cur.metadata.finalizers ?? []), finalizer];
    if ((cur.metadata.finalizers ?? []).length > 0) {
      cur.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
      store(r, cluster, cur, 'MODIFIED');
    } else remove(r, cluster, cur);
  };
  const apiFor = (path: string): GarbageCollectorApi => {
    const cluster = path.replace('/clusters/', '') || 'root';
    return {
      async resources() {
        return [configmaps, secrets];
      },
      async get(r, ns, name) {
        const o = objects.get(key(r, cluster, ns, name));
        return o && structuredClone(o.obj);
      },
      async update(r, obj) {
        const cur = objects.get(key(r, cluster, obj.metadata.namespace, obj.metadata.name));
        if (!cur || cur.obj.metadata.resourceVersion !== obj.metadata.resourceVersion) return undefined;
        calls.push(`update ${cluster}/${obj.metadata.name} refs=${(obj.metadata.ownerReferences ?? []).map((o) => o.name).join(',')} fin=${(obj.metadata.finalizers ?? []).join(',')}`);
        const next = structuredClone(obj);
        if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) remove(r, cluster, next);
        else store(r, cluster, next, 'MODIFIED');
        return structuredClone(next);
      },
      async delete(r, obj) {
        const cur = objects.get(key(r, cluster, obj.metadata.namespace, obj.metadata.name));
        if (!cur || cur.obj.metadata.uid !== obj.metadata.uid) return false;
        if (obj.metadata.resourceVersion && cur.obj.metadata.resourceVersion !== obj.metadata.resourceVersion) return false;
        calls.push(`delete ${cluster}/${obj.metadata.name}`);
        deleteObject(r, cluster, cur.obj);
        return true;
      },
    };
  };
  const listWatcherFor = (r: GcResource): GcListWatcher => {
    const open = (signal: AbortSignal) => {
      const ch = new Channel(signal);
      let set = watchers.get(r.plural);
      if (!set) watchers.set(r.plural, (set = new Set()));
      set.add(ch);
      signal.addEventListener('abort', () => set?.delete(ch), { once: true });
      return ch;
    };
    const lw: GcListWatcher = {
      async list() {
        counts.list += 1;
        const items = [...objects.values()].filter((o) => o.r === r).map((o) => annotated(o.cluster, o.obj));
        return { items, resourceVersion: String(rv) };
      },
      watch(_rv, signal) {
        counts.watch += 1;
        if (server.expireWatches) {
          return (async function* (): AsyncGenerator<RawWatchEvent> {
            yield { type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } };
          })();
        }
        return open(signal);
      },
    };
    if (opts.watchList === 'no') return lw;
    return {
      ...lw,
      watchList(_rv, signal) {
        counts.watchList += 1;
        if (opts.watchList === 'refused') {
          // The server answers the request itself with 422, before any event.
          return {
            [Symbol.asyncIterator]: (): AsyncIterator<RawWatchEvent> => ({
              next: () => Promise.reject(new ApiError(422, 'Invalid', 'sendInitialEvents is not supported')),
            }),
          };
        }
        const ch = open(signal);
        for (const o of objects.values()) if (o.r === r) ch.push({ type: 'ADDED', object: annotated(o.cluster, o.obj) as unknown as Record<string, unknown> });
        ch.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(rv), annotations: { 'k8s.io/initial-events-end': 'true' } } } });
        return ch;
      },
    };
  };
  const create = (r: GcResource, cluster: string, name: string, meta: Partial<GcObject['metadata']> = {}): GcObject => {
    const obj: GcObject = { metadata: { name, namespace: 'default', uid: `uid-${uid++}`, ...meta } };
    store(r, cluster, obj, 'ADDED');
    return structuredClone(obj);
  };
  const ref = (r: GcResource, owner: GcObject) => ({ apiVersion: r.groupVersion, kind: r.kind, name: owner.metadata.name, uid: owner.metadata.uid as string });
  const exists = (r: GcResource, cluster: string, name: string) => objects.has(key(r, cluster, 'default', name));
  const meta = (r: GcResource, cluster: string, name: string) => objects.get(key(r, cluster, 'default', name))?.obj.metadata;
  const userDelete = (r: GcResource, cluster: string, name: string, finalizer?: string) => {
    const cur = objects.get(key(r, cluster, 'default', name));
    if (cur) deleteObject(r, cluster, cur.obj, finalizer);
  };
  const breakWatches = () => {
    for (const set of watchers.values()) for (const ch of set) ch.close();
  };
  const server = { apiFor, listWatcherFor, create, ref, exists, meta, userDelete, breakWatches, calls, counts, objects, expireWatches: false };
  return server;
}

function controllerOn(server: ReturnType<typeof fakeServer>, registry?: Registry, extra: { maxNodes?: number } = {}) {
  return new GarbageCollectorController({
    connection: { server: 'http://unused.invalid' },
    apiFor: server.apiFor,
    listWatcherFor: server.listWatcherFor,
    waitingRequeueMs: 50,
    discoveryIntervalMs: 60_000,
    registry,
    ...extra,
  });
}

describe('GarbageCollectorController (fake apiserver, real graph and queue)', () => {
  let controller: GarbageCollectorController | undefined;
  afterEach(async () => {
    await controller?.stop();
    controller = undefined;
  });

  it('syncs by WatchList, then deletes the dependents of an owner deleted in any workspace, only there', async () => {
    const server = fakeServer();
    const ownerA = server.create(configmaps, 'a', 'owner');
    const ownerB = server.create(configmaps, 'b', 'owner');
    server.create(secrets, 'a', 'dep', { ownerReferences: [server.ref(configmaps, ownerA)] });
    server.create(secrets, 'b', 'dep', { ownerReferences: [server.ref(configmaps, ownerB)] });
    controller = controllerOn(server);
    controller.start();
    await waitFor(async () => controller?.hasSynced() === true, 5000, 'synced');
    expect(controller.watchedResources()).toEqual(['/configmaps', '/secrets']);
    expect(server.counts).toEqual({ watchList: 2, list: 0, watch: 0 });

    server.userDelete(configmaps, 'a', 'owner');
    await waitFor(async () => !server.exists(secrets, 'a', 'dep'), 5000, 'dependent in a deleted');
    expect(server.exists(secrets, 'b', 'dep')).toBe(true);
    expect(server.calls).toEqual(['delete a/dep']);
  });

  it('a dependent created after its owner is gone is deleted; one with a live owner is not', async () => {
    const server = fakeServer();
    controller = controllerOn(server);
    controller.start();
    await waitFor(async () => controller?.hasSynced() === true, 5000, 'synced');
    const owner = server.create(configmaps, 'a', 'owner');
    server.create(secrets, 'a', 'kept', { ownerReferences: [server.ref(configmaps, owner)] });
    server.create(secrets, 'a', 'orphaned', { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'never', uid: 'uid-never' }] });
    await waitFor(async () => !server.exists(secrets, 'a', 'orphaned'), 5000, 'dangling dependent deleted');
    expect(server.exists(secrets, 'a', 'kept')).toBe(true);
    expect(server.calls).toEqual(['delete a/orphaned']);
  });

  it('foreground: deletes the dependents, waits for a held blocking one, then drops the finalizer', async () => {
    const server = fakeServer();
    const registry = new Registry();
    const owner = server.create(configmaps, 'a', 'owner');
    // Both block their owner's deletion (kube's foreground waits only for those).
    const blocking = { ...server.ref(configmaps, owner), blockOwnerDeletion: true };
    server.create(secrets, 'a', 'd1', { ownerReferences: [blocking] });
    server.create(secrets, 'a', 'held', { ownerReferences: [blocking], finalizers: ['example.com/hold'] });
    controller = controllerOn(server, registry);
    controller.start();
    await waitFor(async () => controller?.hasSynced() === true, 5000, 'synced');
    server.userDelete(configmaps, 'a', 'owner', 'foregroundDeletion');
    await waitFor(async () => !server.exists(secrets, 'a', 'd1'), 5000, 'd1 deleted');
    await waitFor(async () => server.meta(secrets, 'a', 'held')?.deletionTimestamp !== undefined, 5000, 'held marked');
    await new Promise((r) => setTimeout(r, 300));
    expect(server.meta(configmaps, 'a', 'owner')?.finalizers).toEqual(['foregroundDeletion']);
    const metrics = await registry.getSingleMetricAsString('strata_garbage_collector_graph_nodes');
    expect(metrics).toContain('strata_garbage_collector_graph_nodes{type="deleting_owner"} 1');
    expect(metrics).toContain('strata_garbage_collector_graph_nodes{type="dependent"} 1');

    // The held dependent goes: its deletion event wakes the owner.
    const held = server.meta(secrets, 'a', 'held') as GcObject['metadata'];
    await server.apiFor('/clusters/a').update(secrets, { metadata: { ...held, finalizers: [] } });
    await waitFor(async () => !server.exists(configmaps, 'a', 'owner'), 5000, 'owner gone');
    expect(server.calls.at(-1)).toBe('update a/owner refs= fin=');
  });

  it('orphan: drops the reference from every dependent, then the finalizer', async () => {
    const server = fakeServer();
    const owner = server.create(configmaps, 'a', 'owner');
    server.create(secrets, 'a', 'd1', { ownerReferences: [server.ref(configmaps, owner)] });
    server.create(secrets, 'a', 'd2', { ownerReferences: [server.ref(configmaps, owner)] });
    controller = controllerOn(server);
    controller.start();
    await waitFor(async () => controller?.hasSynced() === true, 5000, 'synced');
    server.userDelete(configmaps, 'a', 'owner', 'orphan');
    await waitFor(async () => !server.exists(configmaps, 'a', 'owner'), 5000, 'owner gone');
    for (const name of ['d1', 'd2']) {
      expect(server.exists(secrets, 'a', name)).toBe(true);
      expect(server.meta(secrets, 'a', name)?.ownerReferences).toEqual([]);
    }
  });

  it('an owner deleted while its watch was down is found by the relist after 410', async () => {
    const server = fakeServer();
    const owner = server.create(configmaps, 'a', 'owner');
    server.create(secrets, 'a', 'dep', { ownerReferences: [server.ref(configmaps, owner)] });
    controller = controllerOn(server);
    controller.start();
    await waitFor(async () => controller?.hasSynced() === true, 5000, 'synced');
    expect(server.counts.watchList).toBe(2);
    // Gone without an event reaching the collector (its watches are down), and the resumption point expired.
    server.expireWatches = true;
    server.breakWatches();
    server.objects.delete('configmaps|a|default|owner');
    await waitFor(async () => !server.exists(secrets, 'a', 'dep'), 5000, 'dependent deleted after the relist');
    expect(server.counts.watchList).toBe(4);
    expect(server.calls).toEqual(['delete a/dep']);
  });

  it('falls back to list+watch when WatchList is refused, and works the same', async () => {
    const server = fakeServer({ watchList: 'refused' });
    const owner = server.create(configmaps, 'a', 'owner');
    server.create(secrets, 'a', 'dep', { ownerReferences: [server.ref(configmaps, owner)] });
    controller = controllerOn(server);
    controller.start();
    await waitFor(async () => controller?.hasSynced() === true, 5000, 'synced');
    expect(server.counts).toMatchObject({ watchList: 2, list: 2 });
    server.userDelete(configmaps, 'a', 'owner');
    await waitFor(async () => !server.exists(secrets, 'a', 'dep'), 5000, 'dependent deleted');
  });

  it('refuses dependents beyond maxNodes and reports it', async () => {
    const server = fakeServer();
    const registry = new Registry();
    const owner = server.create(configmaps, 'a', 'owner');
    for (let i = 0; i < 3; i++) server.create(secrets, 'a', `dep-${i}`, { ownerReferences: [server.ref(configmaps, owner)] });
    controller = controllerOn(server, registry, { maxNodes: 2 });
    controller.start();
    await waitFor(async () => controller?.hasSynced() === true, 5000, 'synced');
    expect(await registry.getSingleMetricAsString('strata_garbage_collector_graph_refused')).toContain('strata_garbage_collector_graph_refused 1');
  });
});
