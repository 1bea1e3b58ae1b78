import { newUnauthorized } from '@strata/apimachinery';
import type { IncomingHttpHeaders } from 'node:http';

/** The authenticated caller (k8s.io/apiserver user.Info). */
export interface UserInfo {
  readonly username: string;
  readonly uid?: string;
  readonly groups: string[];
}

/** Maps a bearer token (undefined when the request has none) to a user, or undefined when it is not valid. */
export type Authenticator = (bearerToken: string | undefined) => UserInfo | undefined;

/** The bearer token of an `Authorization: Bearer <token>` header. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const h = headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : undefined;
}

/** Authenticates a request; throws 401 Unauthorized (kube's body: message "Unauthorized") when nobody is. */
export function authenticate(authenticator: Authenticator, headers: IncomingHttpHeaders): UserInfo {
  const user = authenticator(bearerToken(headers));
  if (!user) throw newUnauthorized('Unauthorized');
  return user;
}
