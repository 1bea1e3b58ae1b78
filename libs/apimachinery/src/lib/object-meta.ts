import { randomInt, randomUUID } from 'node:crypto';

/** metav1.OwnerReference. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** metav1.ManagedFieldsEntry (server-side apply bookkeeping). */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/** metav1.ObjectMeta as it travels in JSON; timestamps are RFC 3339 strings, resourceVersion a decimal string. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

/** metav1.TypeMeta. */
export interface TypeMeta {
  apiVersion?: string;
  kind?: string;
}

/** Any Kubernetes object: TypeMeta, ObjectMeta, and whatever the resource carries. */
export type KubeObject = TypeMeta & { metadata: ObjectMeta; [k: string]: unknown };

/** metav1.ListMeta. */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** A fresh object UID (random UUID v4). */
export function newUID(): string {
  return randomUUID();
}

/** An RFC 3339 timestamp at second precision in UTC, as kube serialises metav1.Time: `2026-11-23T10:00:00Z`. */
export function nowRFC3339(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** kube's alphabet for generated names: no vowels (no accidental words) and no look-alike characters. */
export const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Five random characters from kube's alphabet, appended to metadata.generateName. */
export function generateNameSuffix(): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += GENERATE_NAME_ALPHABET[randomInt(GENERATE_NAME_ALPHABET.length)];
  return out;
}

/** kube's maximum length of a generateName prefix before the suffix is appended (253 - 5). */
export const MaxGeneratedNameLength = 253 - 5;

/** generateName + suffix, truncating the prefix like kube's SimpleNameGenerator so the result fits 253. */
export function generateName(base: string): string {
  const prefix = base.length > MaxGeneratedNameLength ? base.slice(0, MaxGeneratedNameLength) : base;
  return prefix + generateNameSuffix();
}
