import { decodeContinue, encodeContinue, isStatusError } from '@strata/apimachinery';
import { annotateCluster, checkWorkspaceContinue, clusterOfKey, fromWildcardContinue, toWildcardContinue, wildcardPrefix } from './wildcard';

function statusOf(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (err) {
    if (isStatusError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a StatusError');
}

describe('wildcard helpers', () => {
  it('builds prefixes that end in / and reads the cluster out of keys', () => {
    expect(wildcardPrefix({ group: '', plural: 'configmaps' })).toBe('/registry/core/configmaps/');
    expect(wildcardPrefix({ group: 'tenancy.strata.dev', plural: 'workspaces' })).toBe('/registry/tenancy.strata.dev/workspaces/');
    const prefix = '/registry/core/configmaps/';
    expect(clusterOfKey(prefix, '/registry/core/configmaps/abc123/default/x')).toBe('abc123');
    expect(clusterOfKey(prefix, '/registry/core/secrets/abc/default/x')).toBe('');
    const obj = annotateCluster({ metadata: { name: 'x', annotations: { keep: 'me' } } }, prefix, '/registry/core/configmaps/root/default/x');
    expect(obj.metadata.annotations).toEqual({ keep: 'me', 'strata.dev/cluster': 'root' });
  });

  it('round-trips wildcard continue tokens and keeps them apart from workspace tokens', () => {
    const storageToken = encodeContinue(42, 'root/default/x\u0000');
    const wild = toWildcardContinue(storageToken);
    expect(decodeContinue(wild)).toEqual({ rv: 42, start: '*/root/default/x\u0000' });
    expect(fromWildcardContinue(wild)).toBe(storageToken);
    expect(statusOf(() => checkWorkspaceContinue(wild))).toEqual({
      code: 400,
      message: 'continue key is not valid: the token was issued for a list across all workspaces',
    });
    const local = encodeContinue(42, 'default/x\u0000');
    expect(checkWorkspaceContinue(local)).toBe(local);
    expect(statusOf(() => fromWildcardContinue(local)).code).toBe(400);
    expect(statusOf(() => fromWildcardContinue('!!')).message).toMatch(/^continue key is not valid: illegal base64/);
  });
});
