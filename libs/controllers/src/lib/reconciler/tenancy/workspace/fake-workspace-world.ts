import { StorageError, StorageErrorCode, isStorageError } from '@strata/storage';
import { tenancyPrefixes } from './workspace-api-deps';
import type { WorkspaceDeps } from './workspace-deps';
import { reconcileWorkspace } from './workspace-reconcile';
import { CLUSTER_ANNOTATION, WORKSPACE_FINALIZER, WORKSPACE_OWNER_ANNOTATION } from './workspace-types';
import type { LogicalCluster, Workspace, WorkspaceRef } from './workspace-types';
import type { WorkspaceWriter } from './workspace-writer';

/** An object as a create through the API stores it, as far as these tests look: kube's `[{}]` reset leaves no managedFields. */
function asCreated<T extends { metadata?: unknown }>(obj: T): T {
  const copy = structuredClone(obj);
  const meta = copy.metadata as { managedFields?: unknown } | undefined;
  if (JSON.stringify(meta?.managedFields) === '[{}]') delete meta?.managedFields;
  return copy;
}

/** Raised by the fake when a scripted crash point is reached. */
export class Crash extends Error {}

/**
 * A whole installation as plain maps, for reconcile tests: etcd keys (a sorted-free Map), Workspaces by
 * "<parent>/<name>", and every dependency call counted so a test can crash at call N.
 */
export class FakeWorkspaceWorld {
  readonly keys = new Map<string, unknown>();
  readonly workspaces = new Map<string, Workspace>();
  readonly calls: string[] = [];
  crashAt = -1;
  private nextId = 0;
  private rv = 10;
  /** Ids newClusterId hands out first (to script collisions). */
  readonly scriptedIds: string[] = [];
  /** `<group>/<resource>` of the custom resources discovery serves in every existing logical cluster. */
  customResources: string[] = ['example.com/widgets'];

  /** Told of every Workspace a storage Txn (createAll, deletePrefixes) stored or deleted: a test's watch feed. */
  onTxnWorkspace?: (type: 'MODIFIED' | 'DELETED', ws: Workspace) => void;

  /** Runs before every dependency call (a test's hook to change the world at an exact step). */
  onStep?: (name: string) => void;

  private step(name: string): void {
    this.onStep?.(name);
    this.calls.push(name);
    if (this.calls.length === this.crashAt) throw new Crash(`crash at ${name}`);
  }

  createWorkspace(parent: string, name: string, owner = 'alice'): WorkspaceRef {
    this.workspaces.set(`${parent}/${name}`, {
      apiVersion: 'tenancy.strata.dev/v1alpha1',
      kind: 'Workspace',
      metadata: {
        name,
        uid: `uid-${name}`,
        resourceVersion: String(++this.rv),
        finalizers: [WORKSPACE_FINALIZER],
        annotations: { [WORKSPACE_OWNER_ANNOTATION]: JSON.stringify({ username: owner, groups: ['system:authenticated'] }), [CLUSTER_ANNOTATION]: parent },
      },
      spec: { type: { name: 'universal', path: 'root' } },
      status: { phase: 'Scheduling' },
    });
    this.keys.set(`/registry/tenancy.strata.dev/workspaces/${parent}/${name}`, true);
    return { parentCluster: parent, name };
  }

  deleteWorkspace(ref: WorkspaceRef): void {
    const ws = this.workspaces.get(`${ref.parentCluster}/${ref.name}`);
    if (ws && !ws.metadata.deletionTimestamp) {
      ws.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
      ws.status = { ...ws.status, phase: 'Terminating' };
    }
  }

  get(ref: WorkspaceRef): Workspace | undefined {
    return this.workspaces.get(`${ref.parentCluster}/${ref.name}`);
  }

  lc(id: string): LogicalCluster | undefined {
    return this.keys.get(`/registry/core.strata.dev/logicalclusters/${id}/cluster`) as LogicalCluster | undefined;
  }

  /** The controller's writer against the maps: spec/metadata, then status; crash points apply to each write. */
  write(ref: WorkspaceRef, original: Workspace, updated: Workspace): void {
    const key = `${ref.parentCluster}/${ref.name}`;
    const { status: _a, ...o } = original;
    const { status: _b, ...u } = updated;
    if (JSON.stringify(o) !== JSON.stringify(u)) {
      this.step('write spec');
      const stored = { ...structuredClone(updated), status: this.workspaces.get(key)?.status };
      stored.metadata.resourceVersion = String(++this.rv);
      if (stored.metadata.deletionTimestamp && (stored.metadata.finalizers ?? []).length === 0) {
        this.workspaces.delete(key);
        this.keys.delete(`/registry/tenancy.strata.dev/workspaces/${ref.parentCluster}/${ref.name}`);
        return;
      }
      this.workspaces.set(key, stored);
    }
    if (JSON.stringify(original.status) !== JSON.stringify(updated.status)) {
      this.step('write status');
      const stored = this.workspaces.get(key);
      if (stored) this.workspaces.set(key, { ...stored, status: structuredClone(updated.status), metadata: { ...stored.metadata, resourceVersion: String(++this.rv) } });
    }
  }

  /** {@link write} as the controller's WorkspaceWriter (for a pass's persist steps). */
  readonly writer: WorkspaceWriter = async (ref, original, updated) => {
    this.write(ref, original, updated);
    return { wrote: true, resourceVersion: this.get(ref)?.metadata.resourceVersion };
  };

  /**
   * Runs passes over every Workspace (children before nothing in particular: like a queue, in map order) until a
   * pass changes nothing or `maxPasses`. Crashes are swallowed like a restarted controller would: the next pass
   * starts from what was stored.
   */
  async converge(maxPasses = 50): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass++) {
      const before = JSON.stringify([...this.workspaces.entries()]) + this.keys.size;
      let waiting = false;
      for (const [key, ws] of [...this.workspaces.entries()]) {
        const i = key.indexOf('/');
        const ref = { parentCluster: key.slice(0, i), name: key.slice(i + 1) };
        try {
          const out = await reconcileWorkspace(ref, ws, this.deps, new AbortController().signal, this.writer);
          this.write(ref, out.stored, out.workspace);
          if (out.requeue) waiting = true;
        } catch (err) {
          // A crash, or a storage failure such as a refused purge: the controller retries the key (with backoff).
          if (!(err instanceof Crash) && !isStorageError(err)) throw err;
          waiting = true;
        }
      }
      const after = JSON.stringify([...this.workspaces.entries()]) + this.keys.size;
      if (before === after && !waiting) return;
    }
  }

  /** The Workspace stored at `key` (`/registry/tenancy.strata.dev/workspaces/<parent>/<name>`). */
  private workspaceAt(key: string): Workspace | undefined {
    const [parent, name] = key.split('/').slice(-2);
    return key.startsWith('/registry/tenancy.strata.dev/workspaces/') ? this.workspaces.get(`${parent}/${name}`) : undefined;
  }

  /** Every key that contains `id` as a path segment. */
  keysOf(id: string): string[] {
    return [...this.keys.keys()].filter((k) => k.split('/').includes(id));
  }

  readonly deps: WorkspaceDeps = {
    externalUrl: 'https://strata.example:6443',
    now: () => new Date('2026-01-01T00:00:00Z'),
    newClusterId: () => this.scriptedIds.shift() ?? `c${(++this.nextId).toString(36).padStart(12, '0')}`,
    reserveClusterId: async (id) => {
      this.step('reserve');
      const key = `/registry/strata.dev/clusterids/${id}`;
      if (this.keys.has(key)) return false;
      this.keys.set(key, true);
      return true;
    },
    pathOfCluster: async (id) => {
      this.step('path');
      return id === 'root' ? 'root' : this.lc(id)?.status?.path;
    },
    getLogicalCluster: async (id) => {
      this.step('get lc');
      return structuredClone(this.lc(id));
    },
    createLogicalCluster: async (id, lc) => {
      this.step('create lc');
      const key = `/registry/core.strata.dev/logicalclusters/${id}/cluster`;
      if (this.keys.has(key)) return undefined;
      this.keys.set(key, asCreated(lc));
      return asCreated(lc);
    },
    updateLogicalClusterStatus: async (id, lc) => {
      this.step('update lc');
      this.keys.set(`/registry/core.strata.dev/logicalclusters/${id}/cluster`, structuredClone(lc));
      return structuredClone(lc);
    },
    ensureObject: async (id, collection, obj) => {
      this.step(`ensure ${collection.split('/').pop()}`);
      const [group, resource] = collection.startsWith('/api/v1') ? ['core', collection.split('/').pop()] : [collection.split('/')[2], collection.split('/').pop()];
      const key = `/registry/${group}/${resource}/${id}/${(obj['metadata'] as { name: string }).name}`;
      if (!this.keys.has(key)) this.keys.set(key, asCreated(obj));
    },
    // One step, like the one etcd Txn: all or none, a crash before or after it. Items with expectedModRevision
    // overwrite a Workspace (the only existing object the controller's Txns write).
    createAll: async (_id, objects) => {
      this.step('create all');
      if (objects.some(({ key, expectedModRevision }) => !expectedModRevision && this.keys.has(key))) return undefined;
      const changed = objects.find(({ key, expectedModRevision }) => expectedModRevision && this.workspaceAt(key)?.metadata.resourceVersion !== String(expectedModRevision));
      if (changed) throw new StorageError(StorageErrorCode.Conflict, `${changed.key} changed`, changed.key);
      const rv = String(++this.rv);
      for (const { key, object, expectedModRevision } of objects) {
        if (!expectedModRevision) {
          this.keys.set(key, structuredClone(object));
          continue;
        }
        const [parent, name] = key.split('/').slice(-2);
        const ws = structuredClone(object) as unknown as Workspace;
        ws.metadata.annotations = { ...ws.metadata.annotations, [CLUSTER_ANNOTATION]: parent };
        ws.metadata.resourceVersion = rv;
        this.workspaces.set(`${parent}/${name}`, ws);
        this.onTxnWorkspace?.('MODIFIED', structuredClone(ws));
      }
      return objects.map(({ object }) => ({ ...structuredClone(object), metadata: { ...structuredClone(object.metadata), resourceVersion: rv } }));
    },
    listChildren: async (id) => {
      this.step('list children');
      if (!this.lc(id)) return undefined;
      return [...this.workspaces.entries()].filter(([k]) => k.startsWith(`${id}/`)).map(([, ws]) => structuredClone(ws));
    },
    deleteWorkspace: async (id, name) => {
      this.step('delete child');
      this.deleteWorkspace({ parentCluster: id, name });
    },
    resourcePrefixes: async (id) => {
      this.step('discovery');
      const builtIn = ['core/namespaces', 'core/configmaps', 'rbac.authorization.k8s.io/clusterroles', 'rbac.authorization.k8s.io/clusterrolebindings'];
      const custom = this.lc(id) ? this.customResources : [];
      const { workspaces, logicalClusters } = tenancyPrefixes(id);
      return [...[...builtIn, ...custom].map((r) => `/registry/${r}/${id}/`), workspaces, logicalClusters];
    },
    // One step for the whole list, like the one etcd Txn: a crash comes before or after it, never inside.
    deletePrefixes: async (prefixes, _signal, requireEmpty = [], deleteKeys = []) => {
      this.step(`purge ${prefixes.join(' ')}`);
      const occupied = requireEmpty.filter((p) => [...this.keys.keys()].some((k) => k.startsWith(p)));
      if (occupied.length > 0) throw new StorageError(StorageErrorCode.Conflict, `nothing deleted: keys exist under ${occupied.join(', ')}`);
      const changed = deleteKeys.find(({ key, expectedModRevision }) => this.workspaceAt(key)?.metadata.resourceVersion !== String(expectedModRevision));
      if (changed) throw new StorageError(StorageErrorCode.Conflict, `${changed.key} changed`, changed.key);
      let n = 0;
      for (const { key } of deleteKeys) {
        const [parent, name] = key.split('/').slice(-2);
        const gone = this.workspaces.get(`${parent}/${name}`);
        this.workspaces.delete(`${parent}/${name}`);
        this.keys.delete(key);
        if (gone) this.onTxnWorkspace?.('DELETED', structuredClone(gone));
        n++;
      }
      for (const k of [...this.keys.keys()]) {
        if (prefixes.some((p) => k.startsWith(p))) {
          this.keys.delete(k);
          n++;
        }
      }
      return n;
    },
  };
}
