import type { WorkspaceDeps } from './workspace-deps';
import type { LogicalCluster } from './workspace-types';

/**
 * The deps of ONE reconcile pass: the LogicalCluster a step created (alone or in a createAll), updated or read is
 * remembered for the later steps of the same pass, so the phase step does not read back what initializing just
 * wrote (one request fewer per workspace). Safe because it lives only for the pass, holds only what this pass
 * wrote or read (with its resourceVersion, so a write based on it still fails on a concurrent change), and the next
 * pass reads afresh.
 */
export function passScopedDeps(deps: WorkspaceDeps): WorkspaceDeps {
  const known = new Map<string, LogicalCluster>();
  const remember = (clusterId: string, lc: LogicalCluster | undefined) => {
    if (lc) known.set(clusterId, lc);
    else known.delete(clusterId);
    return lc;
  };
  // Delegated one by one (not spread) so deps implemented as a class keep working.
  return {
    externalUrl: deps.externalUrl,
    newClusterId: () => deps.newClusterId(),
    now: () => deps.now(),
    reserveClusterId: (id, signal) => deps.reserveClusterId(id, signal),
    pathOfCluster: (clusterId, signal) => deps.pathOfCluster(clusterId, signal),
    ensureObject: (clusterId, collectionPath, obj, signal) => deps.ensureObject(clusterId, collectionPath, obj, signal),
    listChildren: (clusterId, signal) => deps.listChildren(clusterId, signal),
    deleteWorkspace: (clusterId, name, signal) => deps.deleteWorkspace(clusterId, name, signal),
    resourcePrefixes: (clusterId, signal) => deps.resourcePrefixes(clusterId, signal),
    async getLogicalCluster(clusterId, signal) {
      const lc = known.get(clusterId);
      if (lc) return structuredClone(lc);
      return remember(clusterId, await deps.getLogicalCluster(clusterId, signal));
    },
    async createLogicalCluster(clusterId, lc, signal) {
      return remember(clusterId, await deps.createLogicalCluster(clusterId, lc, signal));
    },
    async createAll(clusterId, objects, signal) {
      const stored = await deps.createAll(clusterId, objects, signal);
      const lc = stored?.find((o) => o.kind === 'LogicalCluster');
      if (lc) remember(clusterId, structuredClone(lc) as LogicalCluster);
      return stored;
    },
    async updateLogicalClusterStatus(clusterId, lc, signal) {
      const stored = await deps.updateLogicalClusterStatus(clusterId, lc, signal);
      remember(clusterId, stored);
      return stored;
    },
    async deletePrefixes(prefixes, signal, requireEmpty, deleteKeys) {
      known.clear();
      return deps.deletePrefixes(prefixes, signal, requireEmpty, deleteKeys);
    },
  };
}
