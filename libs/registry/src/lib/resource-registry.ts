import type { Storage } from '@strata/storage';
import { configMapResource } from './configmaps/configmap-resource';
import { clusterRoleBindingResource } from './clusterrolebindings/clusterrolebinding-resource';
import { clusterRoleResource } from './clusterroles/clusterrole-resource';
import { eventResource, eventsV1Resource } from './events/event-resource';
import { leaseResource } from './leases/lease-resource';
import { roleBindingResource } from './rolebindings/rolebinding-resource';
import { roleResource } from './roles/role-resource';
import { secretResource } from './secrets/secret-resource';
import { selfSubjectReviewResource } from './selfsubjectreviews/selfsubjectreview-resource';
import { SelfSubjectReviewStore } from './selfsubjectreviews/selfsubjectreview-store';
import { serviceAccountResource } from './serviceaccounts/serviceaccount-resource';
import { StorageNamespaceGate } from './namespaces/namespace-gate';
import { namespaceFinalizeResource, namespaceResource, namespaceStatusResource } from './namespaces/namespace-resource';
import { NamespaceStore } from './namespaces/namespace-store';
import { GenericStore } from './store';
import type { ResourceDefinition } from './strategy';
import { tenancyResources } from './tenancy/tenancy-resources';

/** One served resource: its definition and its store. */
export interface ServedResource {
  readonly definition: ResourceDefinition;
  readonly store: GenericStore;
  /** Subresources with their own store (kube's `<resource>/status`), by name; the router serves get and update. */
  readonly subresources?: Readonly<Record<string, ServedResource>>;
}

/** Options of {@link createResourceRegistry}. */
export interface ResourceRegistryOptions {
  /** Told the logical cluster id of a Workspace deleted, or no longer Ready, through this server (cache invalidation). */
  readonly forgetCluster?: (clusterId: string) => void;
  /** The URL users reach the apiserver at: the base of each new Workspace's spec.URL. */
  readonly externalUrl?: string;
}

function groupVersionKey(group: string, version: string): string {
  return `${group}/${version}`;
}

/**
 * The resources the server serves, keyed by group/version and plural (a map, not a switch): the router looks
 * resources up here, discovery lists them.
 */
export class ResourceRegistry {
  private readonly byGroupVersion = new Map<string, Map<string, ServedResource>>();

  /** Adds a resource; throws when group/version/plural is already registered (a programming error). */
  add(served: ServedResource): void {
    const { group, version, plural } = served.definition.info;
    const gv = groupVersionKey(group, version);
    const resources = this.byGroupVersion.get(gv) ?? new Map<string, ServedResource>();
    if (resources.has(plural)) throw new Error(`resource ${plural} already registered in ${gv}`);
    resources.set(plural, served);
    this.byGroupVersion.set(gv, resources);
  }

  /** The resource served at group/version/plural, or undefined. */
  lookup(group: string, version: string, plural: string): ServedResource | undefined {
    return this.byGroupVersion.get(groupVersionKey(group, version))?.get(plural);
  }

  /** Every resource of a group/version, in registration order (empty when the group/version is not served). */
  resources(group: string, version: string): ServedResource[] {
    return [...(this.byGroupVersion.get(groupVersionKey(group, version))?.values() ?? [])];
  }

  /** Served group/versions as [group, version] pairs, in registration order. */
  groupVersions(): [group: string, version: string][] {
    return [...this.byGroupVersion.keys()].map((gv) => {
      const i = gv.lastIndexOf('/');
      return [gv.slice(0, i), gv.slice(i + 1)];
    });
  }

  /** Every served resource. */
  all(): ServedResource[] {
    return [...this.byGroupVersion.values()].flatMap((m) => [...m.values()]);
  }
}

/**
 * The resources served in every workspace over `storage`: core/v1 namespaces, configmaps, secrets,
 * serviceaccounts, events (also as events.k8s.io/v1), coordination.k8s.io/v1 leases, rbac.authorization.k8s.io/v1
 * roles, rolebindings, clusterroles, clusterrolebindings, and authentication.k8s.io/v1 selfsubjectreviews. Namespaces have their
 * `status` and `finalize` subresources; a deleted namespace is emptied by the namespace lifecycle controller.
 */
export function createResourceRegistry(storage: Storage, options: ResourceRegistryOptions = {}): ResourceRegistry {
  const registry = new ResourceRegistry();
  const gate = new StorageNamespaceGate(storage);
  // A deleted namespace goes Terminating; the namespace lifecycle controller (workspace-controller) empties it and
  // finalizes it through namespaces/finalize.
  registry.add({
    definition: namespaceResource,
    store: new NamespaceStore({ storage, resource: namespaceResource }),
    subresources: {
      status: { definition: namespaceStatusResource, store: new NamespaceStore({ storage, resource: namespaceStatusResource }) },
      finalize: { definition: namespaceFinalizeResource, store: new NamespaceStore({ storage, resource: namespaceFinalizeResource }) },
    },
  });
  registry.add({
    definition: configMapResource,
    store: new GenericStore({ storage, resource: configMapResource, namespaceGate: gate }),
  });
  for (const definition of [secretResource, serviceAccountResource, eventResource, roleResource, roleBindingResource]) {
    registry.add({ definition, store: new GenericStore({ storage, resource: definition, namespaceGate: gate }) });
  }
  for (const definition of [clusterRoleResource, clusterRoleBindingResource]) {
    registry.add({ definition, store: new GenericStore({ storage, resource: definition }) });
  }
  for (const definition of [eventsV1Resource, leaseResource]) {
    registry.add({ definition, store: new GenericStore({ storage, resource: definition, namespaceGate: gate }) });
  }
  registry.add({ definition: selfSubjectReviewResource, store: new SelfSubjectReviewStore(storage) });
  for (const served of tenancyResources(storage, options)) registry.add(served);
  return registry;
}
