import type { PatchSchema } from './patch-meta';
import { OBJECT_META_PATCH_SCHEMA, patchMetaFromSchema } from './patch-meta';
import { applyStrategicMergePatch } from './strategic-merge-patch';
import type { StrategicMergePatchError } from './strategic-merge-patch';

// A pod-like schema written for the tests, with kube's SMP annotations.
const containerSchema: PatchSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    image: { type: 'string' },
    args: { type: 'array', items: { type: 'string' } },
    ports: { type: 'array', items: { type: 'object' }, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'containerPort' },
  },
};
const schema: PatchSchema = {
  type: 'object',
  properties: {
    metadata: OBJECT_META_PATCH_SCHEMA,
    spec: {
      type: 'object',
      properties: {
        containers: { type: 'array', items: containerSchema, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
        volumes: {
          type: 'array',
          'x-kubernetes-patch-strategy': 'merge,retainKeys',
          'x-kubernetes-patch-merge-key': 'name',
          items: { type: 'object', properties: { name: {}, hostPath: {}, emptyDir: {} } },
        },
        strategy: { type: 'object', 'x-kubernetes-patch-strategy': 'retainKeys', properties: { type: {}, rollingUpdate: {} } },
        tolerations: { type: 'array', items: { type: 'object' } },
      },
    },
  },
};
const meta = patchMetaFromSchema(schema);
const smp = (original: object, patch: object) => applyStrategicMergePatch(original as never, patch as never, meta);

describe('applyStrategicMergePatch', () => {
  it('merges maps and deletes keys set to null', () => {
    expect(smp({ metadata: { labels: { a: '1', b: '2' } } }, { metadata: { labels: { b: null, c: '3' } } })).toEqual({
      metadata: { labels: { a: '1', c: '3' } },
    });
  });

  it('replaces lists without a merge strategy', () => {
    expect(smp({ spec: { tolerations: [{ key: 'a' }, { key: 'b' }] } }, { spec: { tolerations: [{ key: 'c' }] } })).toEqual({
      spec: { tolerations: [{ key: 'c' }] },
    });
  });

  it('merges lists of objects by merge key, appending new items', () => {
    const original = { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] } };
    expect(smp(original, { spec: { containers: [{ name: 'b', image: 'b:2' }, { name: 'c', image: 'c:1' }] } })).toEqual({
      spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }, { name: 'c', image: 'c:1' }] },
    });
  });

  it('merges nested merge lists inside merged items', () => {
    const original = { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, name: 'http' }] }] } };
    const patch = { spec: { containers: [{ name: 'a', ports: [{ containerPort: 443 }] }] } };
    expect(smp(original, patch)).toEqual({ spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] }] } });
  });

  it('merges primitive lists with merge strategy as a set (metadata.finalizers)', () => {
    expect(smp({ metadata: { finalizers: ['a', 'b'] } }, { metadata: { finalizers: ['b', 'c'] } })).toEqual({ metadata: { finalizers: ['a', 'b', 'c'] } });
  });

  it('merges ownerReferences by uid', () => {
    const original = { metadata: { ownerReferences: [{ uid: '1', name: 'x' }] } };
    expect(smp(original, { metadata: { ownerReferences: [{ uid: '2', name: 'y' }] } })).toEqual({
      metadata: { ownerReferences: [{ uid: '1', name: 'x' }, { uid: '2', name: 'y' }] },
    });
  });

  it('deletes an item with $patch: delete', () => {
    const original = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    expect(smp(original, { spec: { containers: [{ name: 'a', $patch: 'delete' }] } })).toEqual({ spec: { containers: [{ name: 'b' }] } });
  });

  it('replaces a whole merge list with a $patch: replace item', () => {
    const original = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    expect(smp(original, { spec: { containers: [{ name: 'c' }, { $patch: 'replace' }] } })).toEqual({ spec: { containers: [{ name: 'c' }] } });
  });

  it('replaces a map with $patch: replace and empties it with $patch: delete', () => {
    expect(smp({ metadata: { labels: { a: '1' } } }, { metadata: { labels: { b: '2', $patch: 'replace' } } })).toEqual({ metadata: { labels: { b: '2' } } });
    expect(smp({ metadata: { labels: { a: '1' } } }, { metadata: { labels: { $patch: 'delete' } } })).toEqual({ metadata: { labels: {} } });
  });

  it('removes values with $deleteFromPrimitiveList', () => {
    expect(smp({ metadata: { finalizers: ['a', 'b', 'c'] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } })).toEqual({
      metadata: { finalizers: ['a', 'c'] },
    });
  });

  it('orders a merged list with $setElementOrder, keeping server-only items in place', () => {
    const original = { spec: { containers: [{ name: 'a' }, { name: 'x' }, { name: 'b' }] } };
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'b' }, { name: 'a' }], containers: [{ name: 'c' }] } };
    expect(smp(original, patch)).toEqual({ spec: { containers: [{ name: 'c' }, { name: 'x' }, { name: 'b' }, { name: 'a' }] } });
  });

  it('orders primitive lists with $setElementOrder', () => {
    const patch = { metadata: { '$setElementOrder/finalizers': ['c', 'a'], finalizers: ['c'] } };
    expect(smp({ metadata: { finalizers: ['a'] } }, patch)).toEqual({ metadata: { finalizers: ['c', 'a'] } });
  });

  it('drops keys not in $retainKeys', () => {
    const original = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    expect(smp(original, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } })).toEqual({ spec: { strategy: { type: 'Recreate' } } });
  });

  it('applies $retainKeys inside merge-list items', () => {
    const original = { spec: { volumes: [{ name: 'v', hostPath: { path: '/x' } }] } };
    const patch = { spec: { volumes: [{ name: 'v', emptyDir: {}, $retainKeys: ['emptyDir', 'name'] }] } };
    expect(smp(original, patch)).toEqual({ spec: { volumes: [{ name: 'v', emptyDir: {} }] } });
  });

  it('rejects patch content outside $retainKeys (422) and malformed directives (400)', () => {
    const bad = (patch: object) => {
      try {
        smp({ spec: { strategy: { type: 'x' } } }, patch);
      } catch (err) {
        return err as StrategicMergePatchError;
      }
      throw new Error('expected an error');
    };
    expect(bad({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } })).toMatchObject({ badRequest: false, message: "patch content doesn't match retainKeys list" });
    expect(bad({ spec: { strategy: { $retainKeys: 'type' } } })).toMatchObject({ badRequest: true, message: 'invalid patch format of retainKeys' });
    expect(bad({ metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } })).toMatchObject({ badRequest: true, message: 'invalid patch format of primitive list' });
    expect(bad({ metadata: { '$setElementOrder/finalizers': 'a' } })).toMatchObject({ badRequest: true, message: 'invalid patch format of setElementOrder list' });
    expect(bad({ spec: { $patch: 'frob' } })).toMatchObject({ badRequest: true });
    expect(bad({ spec: { containers: [{ image: 'x' }] } })).toMatchObject({ badRequest: true, message: expect.stringContaining('does not contain declared merge key: name') });
  });

  it('does not modify its arguments', () => {
    const original = { metadata: { labels: { a: '1' } } };
    const patch = { metadata: { labels: { a: null } } };
    smp(original, patch);
    expect(original).toEqual({ metadata: { labels: { a: '1' } } });
    expect(patch).toEqual({ metadata: { labels: { a: null } } });
  });
});
