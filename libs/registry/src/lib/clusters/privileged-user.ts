import type { RequestUser } from '../store';

/** The group whose members may do anything, including `/clusters/*` and writing LogicalClusters (kube's superusers). */
export const PRIVILEGED_GROUP = 'system:masters';

/** True when `user` is in {@link PRIVILEGED_GROUP}; false for no user. */
export function isPrivilegedUser(user: RequestUser | undefined): boolean {
  return user?.groups.includes(PRIVILEGED_GROUP) ?? false;
}
