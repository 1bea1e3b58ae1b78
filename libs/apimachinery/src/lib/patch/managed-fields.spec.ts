import type { KubeObject } from '../object-meta';
import { StatusError } from '../status';
import { applyConfiguration, managerFromUserAgent, recordUpdate } from './managed-fields';
import { fallbackKindSchema, patchMetaFromSchema } from './patch-meta';

const meta = patchMetaFromSchema(fallbackKindSchema(['data']));
const cm = (data: Record<string, string>, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'default', uid: 'u', resourceVersion: '5', ...extra },
  data,
});
const ctx = (manager: string, now = '2024-01-01T00:00:00Z') => ({ manager, apiVersion: 'v1', meta, now });

describe('managerFromUserAgent', () => {
  it('takes the User-Agent up to the first slash, printable characters only', () => {
    expect(managerFromUserAgent('kubectl/v1.32.0 (linux/amd64) kubernetes/abc')).toBe('kubectl');
    expect(managerFromUserAgent('my\u0007tool/1')).toBe('mytool');
    expect(managerFromUserAgent(undefined)).toBe('');
    expect(managerFromUserAgent('x'.repeat(200))).toHaveLength(128);
  });
});

describe('recordUpdate', () => {
  it('records a create as an Update entry owning every field set, maps with "."', () => {
    const created = recordUpdate(undefined, cm({ a: '1' }, { labels: { l: 'x' } }), ctx('kubectl-create'));
    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2024-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:l': {} } } },
      },
    ]);
  });

  it('moves changed fields to the updating manager and drops removed ones from everyone', () => {
    const live = recordUpdate(undefined, cm({ a: '1', b: '2' }), ctx('creator'));
    const next = recordUpdate(live, cm({ a: 'changed' }), ctx('editor', '2024-01-02T00:00:00Z'));
    const byManager = Object.fromEntries((next.metadata.managedFields ?? []).map((e) => [e.manager, e.fieldsV1]));
    expect(byManager).toEqual({ creator: { 'f:data': {} }, editor: { 'f:data': { 'f:a': {} } } });
  });

  it('keeps the entry and its time when nothing changed', () => {
    const live = recordUpdate(undefined, cm({ a: '1' }), ctx('m'));
    const next = recordUpdate(live, cm({ a: '1' }), ctx('m', '2030-01-01T00:00:00Z'));
    expect(next.metadata.managedFields).toEqual(live.metadata.managedFields);
  });

  it('resets managed fields when the request sends [{}]', () => {
    const live = recordUpdate(undefined, cm({ a: '1' }), ctx('m'));
    expect(recordUpdate(live, cm({ a: '2' }, { managedFields: [{}] }), ctx('m')).metadata.managedFields).toBeUndefined();
  });

  it('folds Update managers beyond ten into ancient-changes', () => {
    let obj = recordUpdate(undefined, cm({}), ctx('m0'));
    for (let i = 1; i <= 11; i++) obj = recordUpdate(obj, cm({ ...(obj['data'] as Record<string, string>), [`k${i}`]: 'v' }), ctx(`m${i}`, `2024-01-01T00:00:${String(i).padStart(2, '0')}Z`));
    const managers = (obj.metadata.managedFields ?? []).map((e) => e.manager);
    expect(managers).toHaveLength(11);
    expect(managers).toContain('ancient-changes');
    expect(managers).not.toContain('m1');
  });
});

describe('applyConfiguration (server-side apply)', () => {
  const apply = (live: KubeObject | undefined, data: Record<string, string>, manager: string, force = false) =>
    applyConfiguration(live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data }, { ...ctx(manager), force });

  it('creates an object owned by one Apply entry without "." members', () => {
    const obj = apply(undefined, { a: '1' }, 'kubectl');
    expect(obj['data']).toEqual({ a: '1' });
    expect(obj.metadata.managedFields).toEqual([
      { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: '2024-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } },
    ]);
  });

  it('conflicts on a field another manager owns with a different value, listing manager and field', () => {
    const live = recordUpdate(undefined, cm({ a: '1' }), ctx('kubectl-client-side-apply'));
    let err: unknown;
    try {
      apply(live, { a: '2' }, 'kubectl');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using v1', field: '.data.a' }] },
    });
  });

  it('lists several conflicts per manager', () => {
    const live = recordUpdate(undefined, cm({ a: '1', b: '1' }), ctx('other'));
    expect(() => apply(live, { a: '2', b: '2' }, 'kubectl')).toThrow('Apply failed with 2 conflicts: conflicts with "other" using v1:\n- .data.a\n- .data.b');
  });

  it('shares ownership without conflict when the value is the same', () => {
    const live = recordUpdate(undefined, cm({ a: '1' }), ctx('other'));
    const obj = apply(live, { a: '1' }, 'kubectl');
    expect((obj.metadata.managedFields ?? []).map((e) => e.manager).sort()).toEqual(['kubectl', 'other']);
  });

  it('takes ownership with force', () => {
    const live = recordUpdate(undefined, cm({ a: '1', b: '1' }), ctx('other'));
    const obj = apply(live, { a: '2' }, 'kubectl', true);
    expect(obj['data']).toEqual({ a: '2', b: '1' });
    const byManager = Object.fromEntries((obj.metadata.managedFields ?? []).map((e) => [e.manager, e.fieldsV1]));
    expect(byManager).toEqual({ kubectl: { 'f:data': { 'f:a': {} } }, other: { 'f:data': { '.': {}, 'f:b': {} } } });
  });

  it('removes a field the manager no longer applies when nobody else owns it', () => {
    const first = apply(undefined, { a: '1', b: '2' }, 'kubectl');
    const second = apply(first, { a: '1' }, 'kubectl');
    expect(second['data']).toEqual({ a: '1' });
    const third = apply(second, {}, 'kubectl');
    expect(third['data']).toBeUndefined();
  });

  it('keeps a field the manager no longer applies when another manager owns it', () => {
    const first = apply(undefined, { a: '1', b: '2' }, 'kubectl');
    const shared = apply(first, { b: '2' }, 'other');
    expect(apply(shared, { a: '1' }, 'kubectl')['data']).toEqual({ a: '1', b: '2' });
  });
});
