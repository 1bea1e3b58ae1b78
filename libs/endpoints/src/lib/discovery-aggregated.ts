import type { ResourceInfo, ResourceRegistry } from '@strata/registry';

/** The media type of aggregated discovery v2, exactly as kube-apiserver answers it (and client-go checks it). */
export const AGGREGATED_DISCOVERY_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function discoveryResource(info: ResourceInfo): Record<string, unknown> {
  const r: Record<string, unknown> = {
    resource: info.plural,
    // client-go drops resources without responseKind.
    responseKind: { group: info.group, version: info.version, kind: info.kind },
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singular,
    verbs: info.verbs,
  };
  if (info.shortNames.length > 0) r['shortNames'] = info.shortNames;
  if (info.categories.length > 0) r['categories'] = info.categories;
  return r;
}

function groupDiscovery(registry: ResourceRegistry, name: string, versions: readonly string[]): Record<string, unknown> {
  return {
    metadata: name === '' ? { creationTimestamp: null } : { name, creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: registry.resources(name, version).map((s) => discoveryResource(s.definition.info)),
      freshness: 'Current',
    })),
  };
}

/**
 * apidiscovery.k8s.io/v2 APIGroupDiscoveryList of the core group (`legacy` true, for /api) or of every named group
 * (for /apis), versions in registration order (the first is the preferred one, as client-go reads it).
 */
export function aggregatedDiscovery(registry: ResourceRegistry, legacy: boolean): Record<string, unknown> {
  const groups = new Map<string, string[]>();
  for (const [group, version] of registry.groupVersions()) {
    if ((group === '') !== legacy) continue;
    groups.set(group, [...(groups.get(group) ?? []), version]);
  }
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: [...groups.entries()].map(([name, versions]) => groupDiscovery(registry, name, versions)),
  };
}
