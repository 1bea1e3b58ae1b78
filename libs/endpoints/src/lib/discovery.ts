import { createHash } from 'node:crypto';
import type { ResourceRegistry, ServedResource } from '@strata/registry';

/** The Kubernetes version Strata speaks; kubectl needs a semver gitVersion. */
export const KUBERNETES_MAJOR = '1';
export const KUBERNETES_MINOR = '32';
export const GIT_VERSION = `v${KUBERNETES_MAJOR}.${KUBERNETES_MINOR}.0-strata`;

/** version.Info for /version. */
export function versionInfo(): Record<string, string> {
  return {
    major: KUBERNETES_MAJOR,
    minor: KUBERNETES_MINOR,
    gitVersion: GIT_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

/** APIVersions for /api (the legacy group has only v1). */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** APIGroupList for /apis: every served named group with its versions (the first is preferred). */
export function apiGroupList(registry: ResourceRegistry): Record<string, unknown> {
  const groups = new Map<string, string[]>();
  for (const [group, version] of registry.groupVersions()) {
    if (group === '') continue;
    groups.set(group, [...(groups.get(group) ?? []), version]);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups.entries()].map(([name, versions]) => ({
      name,
      versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  };
}

// kube's storageVersionHash: base64 of the first 8 bytes of sha256("<group>/<version>/<kind>").
function storageVersionHash(s: ServedResource): string {
  const { group, version, kind } = s.definition.info;
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

/** APIResourceList for /api/v1 or /apis/<group>/<version>; undefined when that group/version is not served. */
export function apiResourceList(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const served = registry.resources(group, version);
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: served.map((s) => {
      const info = s.definition.info;
      const r: Record<string, unknown> = {
        name: info.plural,
        singularName: info.singular,
        namespaced: info.namespaced,
        kind: info.kind,
        verbs: info.verbs,
      };
      if (info.shortNames.length > 0) r['shortNames'] = info.shortNames;
      if (info.categories.length > 0) r['categories'] = info.categories;
      r['storageVersionHash'] = storageVersionHash(s);
      return r;
    }),
  };
}
