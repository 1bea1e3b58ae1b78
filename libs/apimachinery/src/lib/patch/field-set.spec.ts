import { FieldSet, fieldPathString, keyElement, valueElement } from './field-set';

describe('FieldSet', () => {
  it('round-trips kube FieldsV1 with "." members', () => {
    const v1 = { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:x': {} } } };
    const set = FieldSet.fromFieldsV1(v1);
    expect(set.has(['f:data'])).toBe(true);
    expect(set.has(['f:metadata'])).toBe(false);
    expect(set.has(['f:metadata', 'f:labels', 'f:x'])).toBe(true);
    expect(set.toFieldsV1()).toEqual(v1);
  });

  it('computes union, difference and intersection', () => {
    const a = new FieldSet().insert(['f:data', 'f:a']).insert(['f:data', 'f:b']);
    const b = new FieldSet().insert(['f:data', 'f:b']).insert(['f:data', 'f:c']);
    expect(a.union(b).paths().map(fieldPathString)).toEqual(['.data.a', '.data.b', '.data.c']);
    expect(a.difference(b).paths().map(fieldPathString)).toEqual(['.data.a']);
    expect(a.intersection(b).paths().map(fieldPathString)).toEqual(['.data.b']);
    expect(a.difference(a).isEmpty()).toBe(true);
    expect(a.hasMemberUnder(['f:data'])).toBe(true);
  });

  it('prints paths like fieldpath.Path.String()', () => {
    expect(fieldPathString(['f:spec', 'f:ports', keyElement({ protocol: 'TCP', port: 80 }), 'f:name'])).toBe('.spec.ports[port=80,protocol="TCP"].name');
    expect(fieldPathString(['f:metadata', 'f:finalizers', valueElement('x')])).toBe('.metadata.finalizers[="x"]');
    expect(keyElement({ uid: 'u' })).toBe('k:{"uid":"u"}');
  });

  it('rejects malformed FieldsV1', () => {
    expect(() => FieldSet.fromFieldsV1({ 'x:y': {} })).toThrow('unknown field path element');
    expect(() => FieldSet.fromFieldsV1([])).toThrow();
  });
});
