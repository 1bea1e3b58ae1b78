import type { KubeObject } from '@strata/apimachinery';
import { logicalClusterStatusStrategy, logicalClusterStrategy } from './strategy';

const lc = (extra: Record<string, unknown> = {}, name = 'cluster'): KubeObject => ({
  apiVersion: 'core.strata.dev/v1alpha1',
  kind: 'LogicalCluster',
  metadata: { name, uid: 'u1' },
  ...extra,
});

describe('logical cluster strategy', () => {
  it('keeps the status a privileged create supplies and validates the shape', () => {
    const obj = lc({
      spec: { owner: { apiVersion: 'tenancy.strata.dev/v1alpha1', resource: 'workspaces', name: 'acme', cluster: 'root', uid: 'x' }, initializers: [] },
      status: { phase: 'Initializing', path: 'root:acme', URL: 'https://h/clusters/root:acme' },
    });
    logicalClusterStrategy.prepareForCreate(obj);
    expect(obj['status']).toEqual({ phase: 'Initializing', path: 'root:acme', URL: 'https://h/clusters/root:acme' });
    expect(logicalClusterStrategy.validate(obj)).toEqual([]);
  });

  it('allows only the name "cluster" and well-formed fields', () => {
    const errs = logicalClusterStrategy.validate(lc({ spec: { owner: { name: 3 }, initializers: [''] }, status: { phase: 'Odd', path: 'acme' } }, 'other'));
    expect(errs.map((e) => e.field)).toEqual(['metadata.name', 'spec.owner.name', 'spec.initializers[0]', 'status.phase', 'status.path']);
    expect(errs[0].detail).toBe('must be cluster');
  });

  it('updates of the object keep status; status updates keep everything else', () => {
    const old = lc({ spec: { initializers: ['a'] }, status: { phase: 'Initializing' } });
    const next = lc({ spec: { initializers: [] }, status: { phase: 'Ready' } });
    logicalClusterStrategy.prepareForUpdate(next, old);
    expect(next['status']).toEqual({ phase: 'Initializing' });
    const statusNext = lc({ spec: { initializers: [] }, status: { phase: 'Ready' } });
    logicalClusterStatusStrategy.prepareForUpdate(statusNext, old);
    expect(statusNext['spec']).toEqual({ initializers: ['a'] });
    expect(statusNext['status']).toEqual({ phase: 'Ready' });
  });
});
