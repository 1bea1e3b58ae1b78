import type { Authenticator, UserInfo } from '@strata/endpoints';
import type { StaticTokenUser } from '@strata/runtime';

/**
 * The bearer-token authenticator handed to the API: the user of a known token, undefined otherwise (the API answers
 * 401). Every authenticated user also gets `system:authenticated`, as kube-apiserver adds it.
 */
export function staticTokenAuthenticator(users: ReadonlyMap<string, StaticTokenUser>): Authenticator {
  return (bearerToken): UserInfo | undefined => {
    if (!bearerToken) return undefined;
    const user = users.get(bearerToken);
    if (!user) return undefined;
    const groups = user.groups.includes('system:authenticated') ? [...user.groups] : [...user.groups, 'system:authenticated'];
    return { username: user.name, uid: user.uid, groups };
  };
}
