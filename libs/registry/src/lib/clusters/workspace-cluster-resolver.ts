import { StatusError } from '@strata/apimachinery';
import type { ClusterResolver } from '../cluster-resolver';
import { toStatusError } from '../storage-errors';
import { TENANCY_GROUP } from '../tenancy/workspaces/workspace-types';
import { ROOT_CLUSTER, isLogicalClusterId, isWorkspacePath } from './cluster-id';
import { LruCache } from './lru-cache';
import type { LogicalClusterRecord, WorkspaceLookup, WorkspaceRecord } from './workspace-lookup';

/** Options of {@link WorkspaceClusterResolver}. */
export interface WorkspaceClusterResolverOptions {
  readonly lookup: WorkspaceLookup;
  /** Bound on cached resolutions (paths and ids). Default 10,000. */
  readonly maxEntries?: number;
  /** How long a resolution is trusted; other servers' deletions become visible within it. Default 3 s. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

interface Resolution {
  readonly cluster: string;
  /** The cluster's workspace path, when known (always for a path; for an id, its LogicalCluster's status.path). */
  readonly path?: string;
  /** This cluster and its ancestors' (root excluded): forgetting any of them drops this entry. */
  readonly chain: readonly string[];
}

const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_TTL_MS = 3_000;
const WORKSPACES = { group: TENANCY_GROUP, resource: 'workspaces' };

function workspaceStatusError(code: 403 | 404, path: string, message: string): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: code === 404 ? 'NotFound' : 'Forbidden',
    details: { name: path, group: TENANCY_GROUP, kind: 'workspaces' },
    code,
  });
}

/** 404 for a workspace path or id nobody can reach: the same answer whether it never existed or is not visible. */
export function workspaceNotFound(path: string): StatusError {
  return workspaceStatusError(404, path, `workspace ${JSON.stringify(path)} not found`);
}

/** 403 for a workspace that exists but is not Ready yet (or any more). */
export function workspaceNotReady(path: string, phase: string | undefined): StatusError {
  return workspaceStatusError(403, path, `workspace ${JSON.stringify(path)} is not ready (phase ${phase || 'Scheduling'})`);
}

/**
 * Resolves `/clusters/<path>` and `/clusters/<id>` to logical cluster ids. `root` is always `root`; each further
 * path segment is the Workspace of that name in the cluster resolved so far, which must have spec.cluster and
 * phase Ready. An id (no ':', not `root`) resolves when its LogicalCluster exists. Successful resolutions are
 * cached in a bounded LRU with a short TTL (the server stays stateless; nothing outlives the TTL), and
 * {@link forget} drops every cached path through a cluster at once; {@link pathOf} answers the path of a cluster
 * resolved recently without a read (a Workspace created in it needs that path for its URL).
 *
 * resolve() returns undefined for a malformed name and rejects with a StatusError: 404 NotFound (`workspace
 * "root:x" not found`), 403 Forbidden (`workspace "root:x" is not ready (phase Scheduling)`), or the storage
 * failure's Status.
 */
export class WorkspaceClusterResolver implements ClusterResolver {
  private readonly lookup: WorkspaceLookup;
  private readonly cache: LruCache<Resolution>;
  /** cluster id → cache keys whose chain contains it; kept in step with the cache (bounded by it). */
  private readonly byCluster = new Map<string, Set<string>>();

  constructor(opts: WorkspaceClusterResolverOptions) {
    this.lookup = opts.lookup;
    this.cache = new LruCache<Resolution>({
      maxEntries: opts.maxEntries ?? DEFAULT_MAX_ENTRIES,
      ttlMs: opts.ttlMs ?? DEFAULT_TTL_MS,
      now: opts.now,
      onRemove: (key, value) => this.unindex(key, value),
    });
  }

  async resolve(workspaceName: string, signal?: AbortSignal): Promise<string | undefined> {
    if (workspaceName === ROOT_CLUSTER) return ROOT_CLUSTER;
    if (isLogicalClusterId(workspaceName)) return this.resolveId(workspaceName, signal);
    if (!isWorkspacePath(workspaceName)) return undefined;
    return this.resolvePath(workspaceName, signal);
  }

  /** Drops every cached resolution that goes through logical cluster `clusterId` (deleted or no longer Ready). */
  forget(clusterId: string): void {
    const keys = this.byCluster.get(clusterId);
    if (!keys) return;
    for (const key of [...keys]) this.cache.delete(key);
  }

  /**
   * The workspace path of logical cluster `clusterId` (`root` for root) when a live cached resolution knows it,
   * else undefined: never a read. A cluster resolved by id knows it from its LogicalCluster's status.path.
   */
  pathOf(clusterId: string): string | undefined {
    if (clusterId === ROOT_CLUSTER) return ROOT_CLUSTER;
    const byId = this.cache.get(`id/${clusterId}`);
    if (byId?.path) return byId.path;
    // The resolutions through this cluster: one of them, if any, is the cluster itself resolved by path.
    for (const key of [...(this.byCluster.get(clusterId) ?? [])]) {
      const cached = this.cache.get(key);
      if (cached?.cluster === clusterId && cached.path) return cached.path;
    }
    return undefined;
  }

  /** The number of cached resolutions (for tests and metrics; never above maxEntries). */
  get cachedEntries(): number {
    return this.cache.size;
  }

  private async resolveId(id: string, signal?: AbortSignal): Promise<string> {
    const key = `id/${id}`;
    const cached = this.cache.get(key);
    if (cached) return cached.cluster;
    let lc: LogicalClusterRecord | undefined;
    try {
      lc = await this.lookup.logicalCluster(id, signal);
    } catch (err) {
      throw toStatusError(err, { resource: { group: 'core.strata.dev', resource: 'logicalclusters' }, name: 'cluster', operation: 'get' });
    }
    if (!lc) throw workspaceNotFound(id);
    this.remember(key, { cluster: id, chain: [id], ...(lc.path ? { path: lc.path } : {}) });
    return id;
  }

  private async resolvePath(path: string, signal?: AbortSignal): Promise<string> {
    const segments = path.split(':');
    let cluster = ROOT_CLUSTER;
    let chain: readonly string[] = [];
    // Reuse the longest cached prefix; walk (and cache) the rest one Workspace read at a time.
    let i = segments.length;
    for (; i > 1; i--) {
      const cached = this.cache.get(segments.slice(0, i).join(':'));
      if (cached) {
        cluster = cached.cluster;
        chain = cached.chain;
        break;
      }
    }
    for (i = Math.max(i, 1); i < segments.length; i++) {
      const prefix = segments.slice(0, i + 1).join(':');
      let ws: WorkspaceRecord | undefined;
      try {
        ws = await this.lookup.workspace(cluster, segments[i], signal);
      } catch (err) {
        throw toStatusError(err, { resource: WORKSPACES, name: segments[i], operation: 'get' });
      }
      if (!ws) throw workspaceNotFound(path);
      if (ws.phase !== 'Ready' || !ws.cluster) throw workspaceNotReady(prefix, ws.phase);
      cluster = ws.cluster;
      chain = [...chain, cluster];
      this.remember(prefix, { cluster, chain, path: prefix });
    }
    return cluster;
  }

  private remember(key: string, value: Resolution): void {
    this.cache.set(key, value);
    for (const id of value.chain) {
      const keys = this.byCluster.get(id) ?? new Set<string>();
      keys.add(key);
      this.byCluster.set(id, keys);
    }
  }

  private unindex(key: string, value: Resolution): void {
    for (const id of value.chain) {
      const keys = this.byCluster.get(id);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.byCluster.delete(id);
    }
  }
}
