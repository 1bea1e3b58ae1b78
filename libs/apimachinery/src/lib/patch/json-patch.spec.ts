import { JsonPatchError, MAX_JSON_PATCH_OPERATIONS, applyJsonPatch, decodeJsonPatch } from './json-patch';

describe('JSON patch (RFC 6902)', () => {
  const doc = { metadata: { labels: { a: '1' } }, data: { x: 'y' }, list: [1, 2] };

  it('applies add, remove, replace, move, copy and a passing test', () => {
    const ops = decodeJsonPatch(
      JSON.stringify([
        { op: 'test', path: '/data/x', value: 'y' },
        { op: 'add', path: '/metadata/labels/b', value: '2' },
        { op: 'remove', path: '/metadata/labels/a' },
        { op: 'replace', path: '/data/x', value: 'z' },
        { op: 'copy', from: '/data/x', path: '/data/c' },
        { op: 'move', from: '/data/c', path: '/data/m' },
        { op: 'add', path: '/list/-', value: 3 },
      ]),
    );
    expect(applyJsonPatch(doc, ops)).toEqual({ metadata: { labels: { b: '2' } }, data: { x: 'z', m: 'z' }, list: [1, 2, 3] });
    expect(doc.data.x).toBe('y');
  });

  it('fails a test op with an apply error (kube answers 422)', () => {
    const ops = decodeJsonPatch('[{"op":"test","path":"/data/x","value":"nope"}]');
    expect(() => applyJsonPatch(doc, ops)).toThrow(JsonPatchError);
    try {
      applyJsonPatch(doc, ops);
    } catch (err) {
      expect((err as JsonPatchError).phase).toBe('apply');
    }
  });

  it('fails removing a missing path and unknown ops with apply errors', () => {
    for (const body of ['[{"op":"remove","path":"/data/missing"}]', '[{"op":"frob","path":"/data"}]', '[{"op":"replace","path":"/nope/x","value":1}]']) {
      expect(() => applyJsonPatch(doc, decodeJsonPatch(body))).toThrow(expect.objectContaining({ phase: 'apply' }));
    }
  });

  it('rejects bodies that are not JSON arrays as decode errors (kube answers 400)', () => {
    expect(() => decodeJsonPatch('{')).toThrow(expect.objectContaining({ phase: 'decode' }));
    expect(() => decodeJsonPatch('{"op":"add"}')).toThrow(expect.objectContaining({ phase: 'decode', message: expect.stringContaining('error decoding patch') }));
  });

  it('limits the number of operations', () => {
    const ops = JSON.stringify(Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/data', value: 1 })));
    expect(() => decodeJsonPatch(ops)).toThrow(expect.objectContaining({ phase: 'too-large' }));
  });
});
