import type { Storage } from '../lib/interfaces';

/** What a conformance setup hands the suite. `compact` physically compacts etcd at a revision. */
export interface ConformanceSetup {
  readonly storage: Storage;
  readonly teardown: () => Promise<void>;
  readonly compact?: (revision: number) => Promise<void>;
}

/** Lazily-read access to the running setup (it exists only after beforeAll). */
export type SetupRef = () => ConformanceSetup;

let counter = 0;

/**
 * A fresh workspace-like prefix (`/registry/core/configmaps/<id>/`) so tests never see each other's keys.
 * Ids are lowercase and never a prefix of one another within a run.
 */
export function freshPrefix(resource = 'configmaps'): string {
  counter += 1;
  return `/registry/core/${resource}/t${process.pid.toString(36)}x${Date.now().toString(36)}x${counter}/`;
}

/** The JSON bytes of a ConfigMap-like object, as the registry would store it. */
export function objectBytes(name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels }, data }),
  );
}

/** Decodes bytes written by {@link objectBytes}. */
export function decodeObject(value: Uint8Array): { metadata: { name: string; labels?: Record<string, string> }; data?: Record<string, string> } {
  return JSON.parse(new TextDecoder().decode(value)) as {
    metadata: { name: string; labels?: Record<string, string> };
    data?: Record<string, string>;
  };
}

/** Resolves with the rejection of `promise` (fails the test when it fulfils). */
export async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string; revision?: number; key?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; message: string; revision?: number; key?: string };
  }
  throw new Error('expected a rejection, but the promise fulfilled');
}
