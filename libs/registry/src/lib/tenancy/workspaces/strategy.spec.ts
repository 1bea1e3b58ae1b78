import type { KubeObject } from '@strata/apimachinery';
import { workspaceStatusStrategy, workspaceStrategy } from './strategy';
import { ownerAnnotation } from './workspace-store';

const ws = (extra: Record<string, unknown> = {}, meta: KubeObject['metadata'] = {}): KubeObject => ({
  apiVersion: 'tenancy.strata.dev/v1alpha1',
  kind: 'Workspace',
  metadata: { name: 'acme', uid: 'u1', ...meta },
  ...extra,
});

function fields(errs: { field: string }[]): string[] {
  return errs.map((e) => e.field);
}

describe('workspace strategy', () => {
  it('prepares a create: default type, no user-set cluster or URL, phase Scheduling, finalizer once', () => {
    const obj = ws({ spec: { cluster: 'mine', URL: 'x' }, status: { phase: 'Ready' } }, { finalizers: ['tenancy.strata.dev/workspace', 'other'] });
    workspaceStrategy.prepareForCreate(obj);
    expect(obj['spec']).toEqual({ type: { name: 'universal', path: 'root' } });
    expect(obj['status']).toEqual({ phase: 'Scheduling' });
    expect(obj.metadata.finalizers).toEqual(['tenancy.strata.dev/workspace', 'other']);
    expect(workspaceStrategy.validate(obj)).toEqual([]);

    const typed = ws({ spec: { type: { name: 'team' } } });
    workspaceStrategy.prepareForCreate(typed);
    expect(typed['spec']).toEqual({ type: { name: 'team', path: 'root' } });
  });

  it('validates names, types, cluster ids and phases', () => {
    expect(fields(workspaceStrategy.validate(ws({ spec: { type: { name: 'universal', path: 'root' } } }, { name: 'Bad_Name' })))).toEqual(['metadata.name']);
    const errs = workspaceStrategy.validate(
      ws({ spec: { type: { name: 'Bad', path: 'nope' }, cluster: 'root' }, status: { phase: 'Done', conditions: [{ status: 'Maybe' }] } }),
    );
    expect(fields(errs)).toEqual(['spec.type.name', 'spec.type.path', 'spec.cluster', 'status.phase', 'status.conditions[0].type', 'status.conditions[0].status']);
    expect(fields(workspaceStrategy.validate(ws({ spec: {} })))).toEqual(['spec.type']);
  });

  it('on update keeps status and the owner, and makes type and a set cluster and URL immutable', () => {
    const owner = ownerAnnotation({ username: 'bob', uid: 'u-bob', groups: ['g'] });
    const old = ws(
      { spec: { type: { name: 'universal', path: 'root' }, cluster: 'c1', URL: 'https://a/clusters/root:acme' }, status: { phase: 'Ready' } },
      { annotations: { 'tenancy.strata.dev/owner': owner } },
    );
    const next = ws(
      { spec: { type: { name: 'other', path: 'root' }, cluster: 'c2', URL: 'https://evil/clusters/root:acme' }, status: { phase: 'Scheduling' } },
      { annotations: { 'tenancy.strata.dev/owner': 'forged', x: 'y' } },
    );
    workspaceStrategy.prepareForUpdate(next, old);
    expect(next['status']).toEqual({ phase: 'Ready' });
    expect(next.metadata.annotations).toEqual({ 'tenancy.strata.dev/owner': owner, x: 'y' });
    const errs = workspaceStrategy.validateUpdate(next, old);
    expect(errs.map((e) => [e.field, e.detail])).toEqual([
      ['spec.type', 'field is immutable'],
      ['spec.cluster', 'field is immutable'],
      ['spec.URL', 'field is immutable'],
    ]);
    const dropped = ws({ spec: { type: { name: 'universal', path: 'root' } } });
    workspaceStrategy.prepareForUpdate(dropped, old);
    expect(fields(workspaceStrategy.validateUpdate(dropped, old))).toEqual(['spec.cluster', 'spec.URL']);

    const unassigned = ws({ spec: { type: { name: 'universal', path: 'root' } } });
    const assign = ws({ spec: { type: { name: 'universal', path: 'root' }, cluster: 'c9' } });
    workspaceStrategy.prepareForUpdate(assign, unassigned);
    expect(workspaceStrategy.validateUpdate(assign, unassigned)).toEqual([]);
  });

  it('status updates change status only', () => {
    const old = ws({ spec: { type: { name: 'universal', path: 'root' }, cluster: 'c1' }, status: { phase: 'Scheduling' } }, { labels: { a: 'b' }, finalizers: ['f'] });
    const next = ws({ spec: { type: { name: 'x', path: 'root' } }, status: { phase: 'Ready' } }, { labels: { c: 'd' } });
    workspaceStatusStrategy.prepareForUpdate(next, old);
    expect(next['spec']).toEqual(old['spec']);
    expect(next['status']).toEqual({ phase: 'Ready' });
    expect(next.metadata.labels).toEqual({ a: 'b' });
    expect(next.metadata.finalizers).toEqual(['f']);
    expect(workspaceStatusStrategy.validateUpdate(next, old)).toEqual([]);
  });

  it('records the owner as kcp does: username, uid when known, groups', () => {
    expect(ownerAnnotation({ username: 'a', groups: [] })).toBe('{"username":"a","groups":[]}');
    expect(ownerAnnotation({ username: 'a', uid: 'u', groups: ['g'] })).toBe('{"username":"a","uid":"u","groups":["g"]}');
  });
});
