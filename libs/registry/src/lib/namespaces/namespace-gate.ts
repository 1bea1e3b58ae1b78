import { newForbidden, newNotFound, newUID, nowRFC3339 } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import { StorageErrorCode, isStorageError } from '@strata/storage';
import type { Storage } from '@strata/storage';
import { decodeObject, encodeObject } from '../codec';
import { objectKey } from '../keys';
import type { NamespaceGate } from '../store';
import { toStatusError } from '../storage-errors';
import { namespaceResource } from './namespace-resource';

/** The namespace kube-apiserver always has; created on first use in a workspace. */
export const DEFAULT_NAMESPACE = 'default';

const NAMESPACES = { group: '', resource: 'namespaces' };

/**
 * kube's NamespaceLifecycle admission for creates: the namespace must exist (404 `namespaces "x" not found`) and
 * not be terminating (403). `default` is bootstrapped on demand, as kube-apiserver always has it.
 */
export class StorageNamespaceGate implements NamespaceGate {
  constructor(private readonly storage: Storage) {}

  async ensureNamespace(cluster: string, namespace: string, signal?: AbortSignal): Promise<void> {
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
    const phase = (ns['status'] as { phase?: string } | undefined)?.phase;
    if (phase === 'Terminating' || ns.metadata.deletionTimestamp) {
      throw newForbidden(
        NAMESPACES,
        namespace,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
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
