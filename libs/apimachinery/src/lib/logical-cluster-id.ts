import { randomBytes } from 'node:crypto';

/** Where each assigned logical cluster id is reserved; the key is never deleted, so an id is never reused. */
export const CLUSTER_ID_TOMBSTONE_PREFIX = '/registry/strata.dev/clusterids/';

/**
 * The value of every tombstone: only the key matters (it exists forever, one per workspace ever created), etcd's
 * create_revision already says when it was reserved, and `{}` keeps it valid JSON for tools that decode values.
 */
export const CLUSTER_ID_TOMBSTONE_VALUE = '{}';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A random logical cluster id: 14 base36 characters (~72 bits), starting with a letter so it never looks like a
 * number. Collisions are still handled by the reservation.
 */
export function randomClusterId(random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(14);
  let id = ALPHABET[10 + (bytes[0] % 26)];
  for (let i = 1; i < 14; i++) id += ALPHABET[bytes[i] % 36];
  return id;
}

/** The tombstone key of `id`. */
export function clusterIdTombstoneKey(id: string): string {
  return `${CLUSTER_ID_TOMBSTONE_PREFIX}${id}`;
}
