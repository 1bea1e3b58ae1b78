import { escapeFieldValue, jsonPathFields, parseFieldSelector, unescapeFieldValue } from './fields';
import { SelectorParseError } from './labels';

function parseError(s: string): string {
  try {
    parseFieldSelector(s);
  } catch (e) {
    expect(e).toBeInstanceOf(SelectorParseError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(s)} to fail`);
}

describe('parseFieldSelector', () => {
  it('empty selectors match everything', () => {
    for (const s of ['', ',', ',,']) {
      const sel = parseFieldSelector(s);
      expect(sel.empty()).toBe(true);
      expect(sel.matches(() => undefined)).toBe(true);
      expect(sel.toString()).toBe('');
    }
  });

  it('parses =, == and != and sorts terms by their text', () => {
    const sel = parseFieldSelector('status.phase!=Running,metadata.name==x,metadata.namespace=default');
    expect(sel.requirements()).toEqual([
      { field: 'metadata.name', operator: '=', value: 'x' },
      { field: 'metadata.namespace', operator: '=', value: 'default' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
    ]);
    expect(sel.toString()).toBe('metadata.name=x,metadata.namespace=default,status.phase!=Running');
  });

  it('keeps whitespace and empty values as kube does', () => {
    expect(parseFieldSelector('a=').requirements()).toEqual([{ field: 'a', operator: '=', value: '' }]);
    expect(parseFieldSelector(' a = b ').requirements()).toEqual([{ field: ' a ', operator: '=', value: ' b ' }]);
  });

  it('unescapes values and escapes them again in toString', () => {
    const sel = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d,x=y');
    expect(sel.requirements()[0]).toEqual({ field: 'metadata.name', operator: '=', value: 'a,b=c\\d' });
    expect(sel.toString()).toBe('metadata.name=a\\,b\\=c\\\\d,x=y');
    expect(parseFieldSelector(sel.toString()).requirements()).toEqual(sel.requirements());
  });

  it('matches, treating a missing field as empty', () => {
    const obj = { metadata: { name: 'x', namespace: 'default' }, status: { phase: 'Running' } };
    const fields = jsonPathFields(obj);
    expect(parseFieldSelector('metadata.name=x').matches(fields)).toBe(true);
    expect(parseFieldSelector('metadata.name=y').matches(fields)).toBe(false);
    expect(parseFieldSelector('metadata.name!=y,status.phase=Running').matches(fields)).toBe(true);
    expect(parseFieldSelector('metadata.name!=x').matches(fields)).toBe(false);
    expect(parseFieldSelector('spec.nodeName=').matches(fields)).toBe(true);
    expect(parseFieldSelector('spec.nodeName!=').matches(fields)).toBe(false);
    expect(parseFieldSelector('spec.nodeName!=n1').matches(fields)).toBe(true);
  });

  it('reports kube errors', () => {
    expect(parseError('abc')).toBe("invalid selector: 'abc'; can't understand 'abc'");
    expect(parseError('a=b,c')).toBe("invalid selector: 'a=b,c'; can't understand 'c'");
    expect(parseError('a=b\\x')).toBe('invalid field selector: invalid escape sequence: \\x');
    expect(parseError('a=b\\')).toBe('invalid field selector: invalid escape sequence: \\');
    expect(parseError('a=b=c')).toBe('invalid field selector: unescaped character in value: 61');
    expect(parseError('a==b=c')).toBe('invalid field selector: unescaped character in value: 61');
  });

  it('splits on the first operator, so != beats = at the same place', () => {
    expect(parseFieldSelector('a!=b').requirements()).toEqual([{ field: 'a', operator: '!=', value: 'b' }]);
    expect(parseFieldSelector('a!b=c').requirements()).toEqual([{ field: 'a!b', operator: '=', value: 'c' }]);
  });
});

describe('escapeFieldValue / unescapeFieldValue', () => {
  it('round-trips', () => {
    for (const v of ['', 'plain', 'a,b', 'a=b', 'a\\b', '\\,=']) expect(unescapeFieldValue(escapeFieldValue(v))).toBe(v);
  });

  it('reports the rune number of an unescaped comma', () => {
    expect(() => unescapeFieldValue('a,b')).toThrow('invalid field selector: unescaped character in value: 44');
  });
});

describe('jsonPathFields', () => {
  const fields = jsonPathFields({
    metadata: { name: 'n', generation: 3, labels: { a: 'b' } },
    involvedObject: { kind: 'Pod' },
    spec: { unschedulable: false, nothing: null, list: ['x'] },
  });

  it('resolves dotted paths and renders scalars', () => {
    expect(fields('metadata.name')).toBe('n');
    expect(fields('involvedObject.kind')).toBe('Pod');
    expect(fields('metadata.generation')).toBe('3');
    expect(fields('spec.unschedulable')).toBe('false');
  });

  it('returns undefined for missing fields, null, objects and arrays', () => {
    expect(fields('metadata.namespace')).toBeUndefined();
    expect(fields('status.phase')).toBeUndefined();
    expect(fields('spec.nothing')).toBeUndefined();
    expect(fields('metadata.labels')).toBeUndefined();
    expect(fields('spec.list')).toBeUndefined();
    expect(fields('metadata.name.length')).toBeUndefined();
    expect(fields('metadata.constructor')).toBeUndefined();
    expect(jsonPathFields(null)('a')).toBeUndefined();
  });
});
