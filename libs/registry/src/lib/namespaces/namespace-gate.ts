import { newForbidden, newNotFound, newUID, nowRFC3339 } from '@strata/apimachinery';
import type { KubeObject, StatusError } from '@strata/apimachinery';
import { StorageErrorCode, isStorageError } from '@strata/storage';
import type { Storage } from '@strata/storage';
import { decodeObject, encodeObject } from '../codec';
import { objectKey } from '../keys';
import type { NamespaceGate, NamespacedCreateTarget } from '../store';
import { toStatusError } from '../storage-errors';
import { namespaceResource } from './namespace-resource';

/** The namespace kube-apiserver always has; created on first use in a workspace. */
export const DEFAULT_NAMESPACE = 'default';

const NAMESPACES = { group: '', resource: 'namespaces' };

/** The StatusCause type kube adds to a create refused by a terminating namespace. */
export const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/**
 * kube's NamespaceLifecycle refusal of a create into a terminating namespace: 403 Forbidden on the created
 * resource (`configmaps "x" is forbidden: unable to create new content in namespace ns because it is being
 * terminated`) with a NamespaceTerminating cause on metadata.namespace.
 */
export function namespaceTerminating(target: NamespacedCreateTarget, namespace: string): StatusError {
  const err = newForbidden(
    target.resource,
    target.name,
    `unable to create new content in namespace ${namespace} because it is being terminated`,
  );
  const details = err.status.details ?? {};
  details.causes = [
    { reason: NAMESPACE_TERMINATING_CAUSE, message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' },
  ];
  err.status.details = details;
  return err;
}

/**
 * kube's NamespaceLifecycle admission for creates: the namespace must exist (404 `namespaces "x" not found`) and
 * not be terminating (403). `default` is bootstrapped on demand, as kube-apiserver always has it.
 */
export class StorageNamespaceGate implements NamespaceGate {
  constructor(private readonly storage: Storage) {}

  async ensureNamespace(cluster: string, namespace: string, target: NamespacedCreateTarget, signal?: AbortSignal): Promise<void> {
    const key = objectKey(namespaceResource.info, cluster, undefined, namespace);
    let ns: KubeObject;
    try {
      ns = decodeObject((await this.storage.get(key, { signal })).kv);
    } catch (err) {
      if (!isStorageError(err, StorageErrorCode.KeyNotFound)) {
        throw toStatusError(err, { resource: NAMESPACES, name: namespace, operation: 'get' });
      }
      if (namespace !== DEFAULT_NAMESPACE) throw newNotFound(NAMESPACES, namespace);
      await this.bootstrap(key, namespace, signal);
      return;
    }
    if ((ns['status'] as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw namespaceTerminating(target, namespace);
    }
  }

  private async bootstrap(key: string, name: string, signal?: AbortSignal): Promise<void> {
    const obj: KubeObject = {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name, uid: newUID(), creationTimestamp: nowRFC3339() },
    };
    namespaceResource.strategy.prepareForCreate(obj);
    try {
      await this.storage.create(key, encodeObject(obj), { signal });
    } catch (err) {
      // Another request bootstrapped it first: fine.
      if (!isStorageError(err, StorageErrorCode.KeyExists)) {
        throw toStatusError(err, { resource: NAMESPACES, name, operation: 'create' });
      }
    }
  }
}
