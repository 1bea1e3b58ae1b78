import type { ConditionalKey } from '@strata/storage';
import type { StoredObject } from './workspace-bootstrap';
import type { LogicalCluster, Workspace } from './workspace-types';

/**
 * Everything the workspace reconcile steps touch, as plain functions so tests pass maps. Each rejects on an
 * unexpected failure (the controller retries the workspace with backoff); "already exists" is success.
 */
export interface WorkspaceDeps {
  /** A fresh random id candidate. */
  newClusterId(): string;
  /** Create-if-absent of the id's tombstone (never deleted); false when the id was taken. */
  reserveClusterId(id: string, signal: AbortSignal): Promise<boolean>;
  /** The workspace path of logical cluster `clusterId` (`root` for root), or undefined when it does not exist. */
  pathOfCluster(clusterId: string, signal: AbortSignal): Promise<string | undefined>;
  /** External base URL of the apiserver, without a trailing slash: spec.URL is `<base>/clusters/<path>`. */
  readonly externalUrl: string;
  getLogicalCluster(clusterId: string, signal: AbortSignal): Promise<LogicalCluster | undefined>;
  /**
   * Creates the LogicalCluster `cluster` (then its status); resolves with the stored object, or with undefined when
   * one already existed (nothing written: the caller reads it and checks its owner).
   */
  createLogicalCluster(clusterId: string, lc: LogicalCluster, signal: AbortSignal): Promise<LogicalCluster | undefined>;
  /** Writes the LogicalCluster's status (conditional on its resourceVersion when it carries one); resolves with the stored object. */
  updateLogicalClusterStatus(clusterId: string, lc: LogicalCluster, signal: AbortSignal): Promise<LogicalCluster>;
  /**
   * Writes `objects` of logical cluster `clusterId` (each at its storage key, as the apiserver would have stored
   * it) straight into storage in one Txn, all or none: the apiserver's POSTs of a workspace's bootstrap objects in
   * one round trip and one etcd revision. An object with `expectedModRevision` is an existing one overwritten in
   * the same Txn (the Workspace's own status). Resolves with them as stored (metadata.resourceVersion set), or with
   * undefined when any key to create exists already (nothing written: the caller takes the per-object path);
   * rejects with a Conflict StorageError when an object to overwrite changed (nothing written either).
   */
  createAll(clusterId: string, objects: readonly StoredObject[], signal: AbortSignal): Promise<StoredObject['object'][] | undefined>;
  /** Creates a cluster-scoped or namespaced object in `clusterId` at `collectionPath` (e.g. /api/v1/namespaces) unless it exists. */
  ensureObject(clusterId: string, collectionPath: string, obj: Record<string, unknown>, signal: AbortSignal): Promise<void>;
  /** The Workspaces inside `clusterId`; undefined when that logical cluster is gone (its LogicalCluster purged). */
  listChildren(clusterId: string, signal: AbortSignal): Promise<Workspace[] | undefined>;
  /** Deletes Workspace `name` in `clusterId`; resolves when it is already gone. */
  deleteWorkspace(clusterId: string, name: string, signal: AbortSignal): Promise<void>;
  /**
   * Every storage prefix `/registry/<group>/<resource>/<clusterId>/` that can hold keys of `clusterId`: each resource
   * its discovery serves (built-in and custom), plus the tenancy ones, with the LogicalCluster's prefix LAST.
   */
  resourcePrefixes(clusterId: string, signal: AbortSignal): Promise<string[]>;
  /**
   * One storage DeletePrefixes: every key under the prefixes in one etcd Txn (one revision, all or nothing; at
   * most MAX_DELETE_PREFIXES of them); resolves with how many keys went. With `requireEmpty`, the same Txn first
   * checks that no key exists under those prefixes, and rejects with a Conflict StorageError, deleting nothing,
   * when one does. `deleteKeys` are deleted in the same Txn while still at their mod revision (else Conflict).
   */
  deletePrefixes(prefixes: readonly string[], signal: AbortSignal, requireEmpty?: readonly string[], deleteKeys?: readonly ConditionalKey[]): Promise<number>;
  now(): Date;
}
