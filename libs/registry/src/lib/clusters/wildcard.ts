import { ContinueTokenError, decodeContinue, encodeContinue, newBadRequest, newForbidden } from '@strata/apimachinery';
import type { KubeObject, StatusError } from '@strata/apimachinery';
import { REGISTRY_ROOT } from '../keys';
import type { ResourceInfo } from '../resource-info';
import { CLUSTER_ANNOTATION } from './cluster-id';

// Wildcard continue tokens start here. A real start key never does ('*' is in no cluster id, namespace or
// name), so a token from one kind of list can never be replayed on the other.
const WILDCARD_START = '*/';

/** The range prefix of every object of a resource in every logical cluster; ends in '/', like every prefix. */
export function wildcardPrefix(info: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return `${REGISTRY_ROOT}/${info.group === '' ? 'core' : info.group}/${info.plural}/`;
}

/** The logical cluster id of `key`, read under `prefix` (a {@link wildcardPrefix}); '' when `key` is not under it. */
export function clusterOfKey(prefix: string, key: string): string {
  if (!key.startsWith(prefix)) return '';
  const rest = key.slice(prefix.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? '' : rest.slice(0, slash);
}

/** `obj` with the {@link CLUSTER_ANNOTATION} naming the logical cluster its key is stored under (mutates and returns it). */
export function annotateCluster(obj: KubeObject, prefix: string, key: string): KubeObject {
  obj.metadata = obj.metadata ?? {};
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [CLUSTER_ANNOTATION]: clusterOfKey(prefix, key) };
  return obj;
}

function badToken(detail: string): StatusError {
  return newBadRequest(`continue key is not valid: ${detail}`);
}

function decode(token: string): { rv: number; start: string } {
  try {
    return decodeContinue(token);
  } catch (err) {
    if (err instanceof ContinueTokenError) throw newBadRequest(err.message);
    throw err;
  }
}

/** The continue token a wildcard list answers with, made from the storage's token (relative to the wildcard prefix). */
export function toWildcardContinue(storageToken: string): string {
  const { rv, start } = decode(storageToken);
  return encodeContinue(rv, WILDCARD_START + start);
}

/** The storage token of a wildcard list's continue token; 400 BadRequest for a token issued by a workspace list. */
export function fromWildcardContinue(token: string): string {
  const { rv, start } = decode(token);
  if (!start.startsWith(WILDCARD_START) || start.length === WILDCARD_START.length) {
    throw badToken('the token was issued for a list in one workspace, not across all workspaces');
  }
  return encodeContinue(rv, start.slice(WILDCARD_START.length));
}

/** Rejects (400 BadRequest) a wildcard list's token used on a list in one workspace; other tokens pass as they are. */
export function checkWorkspaceContinue(token: string): string {
  const { start } = decode(token);
  if (start.startsWith(WILDCARD_START)) throw badToken('the token was issued for a list across all workspaces');
  return token;
}

/** kube's RBAC-style 403 for a non-privileged request to `/clusters/*`. */
export function wildcardForbidden(user: { readonly username: string } | undefined, verb: string, group: string, resource: string): StatusError {
  const who = `User ${JSON.stringify(user?.username ?? '')}`;
  if (!resource) return newForbidden({ group: '', resource: '' }, '', `${who} cannot ${verb} across all workspaces`);
  return newForbidden(
    { group, resource },
    '',
    `${who} cannot ${verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(group)} across all workspaces`,
  );
}
