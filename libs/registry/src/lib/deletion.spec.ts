import type { KubeObject } from '@strata/apimachinery';
import { FakeStorage } from '../testing/fake-storage';
import { finalizersForDeletion, shouldDeleteDuringUpdate, validateDeleteOptions, validateNoNewFinalizers } from './deletion';
import { createResourceRegistry } from './resource-registry';

const scope = { cluster: 'root', namespace: 'default' };
const obj = (meta: Partial<KubeObject['metadata']> = {}): KubeObject => ({ metadata: { name: 'x', ...meta } });

describe('deletion rules', () => {
  it('sets the propagation finalizers like kube', () => {
    expect(finalizersForDeletion(obj(), {})).toEqual({ changed: false, finalizers: [] });
    expect(finalizersForDeletion(obj(), { propagationPolicy: 'Foreground' })).toEqual({ changed: true, finalizers: ['foregroundDeletion'] });
    expect(finalizersForDeletion(obj({ finalizers: ['a'] }), { propagationPolicy: 'Orphan' })).toEqual({ changed: true, finalizers: ['a', 'orphan'] });
    expect(finalizersForDeletion(obj({ finalizers: ['orphan'] }), { propagationPolicy: 'Background' })).toEqual({ changed: true, finalizers: [] });
    expect(finalizersForDeletion(obj({ finalizers: ['orphan'] }), {})).toEqual({ changed: false, finalizers: ['orphan'] });
    expect(finalizersForDeletion(obj(), { orphanDependents: true })).toEqual({ changed: true, finalizers: ['orphan'] });
  });

  it('validates DeleteOptions with kube messages', () => {
    expect(() => validateDeleteOptions({ propagationPolicy: 'Sideways' })).toThrow(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
    );
    expect(() => validateDeleteOptions({ propagationPolicy: 'Orphan', orphanDependents: true })).toThrow(
      'orphanDependents and deletionPropagation cannot be both set',
    );
    expect(() => validateDeleteOptions({ propagationPolicy: 'Background' })).not.toThrow();
  });

  it('deletes during an update only when the last finalizer of a deleting object goes', () => {
    const deleting = obj({ deletionTimestamp: '2024-01-01T00:00:00Z', deletionGracePeriodSeconds: 0, finalizers: ['a'] });
    expect(shouldDeleteDuringUpdate(obj({ finalizers: [] }), deleting)).toBe(true);
    expect(shouldDeleteDuringUpdate(obj({ finalizers: ['a'] }), deleting)).toBe(false);
    expect(shouldDeleteDuringUpdate(obj({ finalizers: [] }), obj({ finalizers: ['a'] }))).toBe(false);
    expect(validateNoNewFinalizers(obj({ finalizers: ['a', 'b'] }), deleting)[0]).toMatchObject({
      type: 'FieldValueForbidden',
      field: 'metadata.finalizers',
      detail: 'no new finalizers can be added if the object is being deleted, found new finalizers []string{"b"}',
    });
  });
});

describe('GenericStore deletion with finalizers', () => {
  function configmaps() {
    const storage = new FakeStorage();
    return { storage, store: createResourceRegistry(storage).lookup('', 'v1', 'configmaps')!.store };
  }

  it('keeps an object with finalizers, marked for deletion, until an update removes the last one', async () => {
    const { storage, store } = configmaps();
    await store.create(scope, { metadata: { name: 'held', finalizers: ['example.com/hold'] }, data: {} });
    const marked = await store.deleteObject(scope, 'held');
    expect(marked.deleted).toBe(false);
    const held = marked.result as KubeObject;
    expect(held.metadata).toMatchObject({ deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold'] });
    expect(held.metadata.deletionTimestamp).toBeDefined();

    await expect(
      store.update(scope, 'held', { ...held, metadata: { ...held.metadata, finalizers: ['example.com/hold', 'more'] } }),
    ).rejects.toMatchObject({ status: { code: 422, reason: 'Invalid' } });
    const dry = await store.update(scope, 'held', { ...held, metadata: { ...held.metadata, finalizers: [] } }, { dryRun: true });
    // An emptied finalizers list is left out, as Go's omitempty does in kube's answer.
    expect(dry.metadata.finalizers).toBeUndefined();
    expect(dry.metadata.deletionTimestamp).toBeDefined();
    expect(storage.data.has('/registry/core/configmaps/root/default/held')).toBe(true);

    const last = await store.update(scope, 'held', { ...held, metadata: { ...held.metadata, finalizers: [] } });
    expect(last.metadata.finalizers).toBeUndefined();
    expect(storage.data.has('/registry/core/configmaps/root/default/held')).toBe(false);
  });

  it('records Foreground as the foregroundDeletion finalizer and does not delete on dryRun', async () => {
    const { storage, store } = configmaps();
    await store.create(scope, { metadata: { name: 'fg' }, data: {} });
    const dry = await store.deleteObject(scope, 'fg', { dryRun: true });
    expect(dry).toMatchObject({ deleted: true, result: { status: 'Success' } });
    expect(storage.data.has('/registry/core/configmaps/root/default/fg')).toBe(true);
    const fg = await store.deleteObject(scope, 'fg', { propagationPolicy: 'Foreground' });
    expect(fg).toMatchObject({ deleted: false, result: { metadata: { finalizers: ['foregroundDeletion'] } } });
  });
});
