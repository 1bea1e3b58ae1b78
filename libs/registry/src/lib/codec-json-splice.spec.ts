import { canonicalJsonMetaClose, type KubeObject } from '@strata/apimachinery';
import type { KeyValue } from '@strata/storage';
import { decodeObject, encodeObject } from './codec';
import { spliceServedJson } from './codec-json-splice';

const kvOf = (value: Uint8Array | string, modRevision = 42): KeyValue => ({
  key: '/registry/core/configmaps/c/ns/x',
  value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
  createRevision: 1,
  modRevision,
});

/** What the parse + stringify path serves, or undefined when it rejects the value. */
function served(kv: KeyValue): string | undefined {
  try {
    return JSON.stringify(decodeObject(kv));
  } catch {
    return undefined;
  }
}

function expectEquivalentOrDeclined(kv: KeyValue): 'spliced' | 'declined' {
  const spliced = spliceServedJson(kv);
  if (spliced === undefined) return 'declined';
  expect(spliced.toString('utf8')).toBe(served(kv));
  return 'spliced';
}

// A small deterministic PRNG, so failures reproduce.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0001', '\u001f', '\u007f', 'é', '✓', '\u2028', '😀', '\ud800', '{', '}', ':', ','];

function randomString(r: () => number): string {
  let s = '';
  for (let n = Math.floor(r() * 8); n > 0; n--) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function randomValue(r: () => number, depth: number): unknown {
  const kind = Math.floor(r() * (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0:
      return randomString(r);
    case 1:
      return [0, -1, 1.5, 1e21, 1e-7, 123456789012, -0.25, 2 ** 53][Math.floor(r() * 8)];
    case 2:
      return r() < 0.5;
    case 3:
      return null;
    case 4:
      return Math.floor(r() * 1000);
    case 5:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let n = Math.floor(r() * 5); n > 0; n--) o[r() < 0.1 ? String(Math.floor(r() * 20)) : randomString(r)] = randomValue(r, depth + 1);
      return o;
    }
  }
}

function randomObject(r: () => number): KubeObject {
  const metadata: Record<string, unknown> = r() < 0.2 ? {} : { name: `n-${randomString(r)}`, labels: randomValue(r, 2) };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: randomValue(r, 1), [randomString(r)]: randomValue(r, 1) } as KubeObject;
}

describe('spliceServedJson', () => {
  it('gives exactly the bytes of the parse + stringify path for what encodeObject stores', () => {
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n', labels: { app: 'x' } }, data: { payload: 'x'.repeat(1000) } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, data: {} },
      { metadata: { name: 'esc', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"a":"b\\n"}\n' } }, data: { c: '\u0000\u0008\u001f\u007f"\\/ é ✓ 😀 \u2028' } },
      { metadata: { name: 'nums' }, spec: { n: [0, -1, 1.5, 1e21, 1e-7, 2 ** 53, -0.5], t: true, f: false, z: null, nested: [[], {}, [{}]] } } as KubeObject,
      { kind: 'X', metadata: { name: 'rv', resourceVersion: '7' } },
    ];
    for (const obj of objects) expect(expectEquivalentOrDeclined(kvOf(encodeObject(obj), 12345))).toBe('spliced');
  });

  it('is byte-identical on random canonical objects and never wrong on random corruptions of them', () => {
    const r = rng(7);
    let spliced = 0;
    for (let i = 0; i < 400; i++) {
      const bytes = Buffer.from(encodeObject(randomObject(r)));
      if (expectEquivalentOrDeclined(kvOf(bytes, i + 1)) === 'spliced') spliced++;
      // The same with the offset the watch-cache ships (found by the same scan, once per write).
      const jsonMetaClose = canonicalJsonMetaClose(bytes);
      expect(expectEquivalentOrDeclined({ ...kvOf(bytes, i + 1), jsonMetaClose })).toBe(jsonMetaClose ? 'spliced' : 'declined');
      for (let m = 0; m < 5; m++) {
        const mutated = Buffer.from(bytes);
        const at = Math.floor(r() * mutated.length);
        const choice = r();
        if (choice < 0.5) mutated[at] = ' {}[],:"\\0-.e1tfnu'.charCodeAt(Math.floor(r() * 19));
        else if (choice < 0.8) mutated[at] = Math.floor(r() * 256);
        expectEquivalentOrDeclined(kvOf(choice < 0.8 ? mutated : Buffer.concat([mutated.subarray(0, at), mutated.subarray(at + 1)])));
      }
    }
    // Random objects with array-index keys or lone surrogates are declined; most are spliced.
    expect(spliced).toBeGreaterThan(200);
  });

  it.each([
    ['whitespace', '{"metadata":{"name":"a"}, "x":1}'],
    ['a trailing newline', '{"metadata":{"name":"a"}}\n'],
    ['a needless unicode escape', '{"metadata":{"name":"\\u0041"}}'],
    ['an escaped slash', '{"metadata":{"name":"a\\/b"}}'],
    ['an uppercase control escape', '{"metadata":{"name":"\\u001F"}}'],
    ['a control escape with a short form', '{"metadata":{"name":"\\u000a"}}'],
    ['an escaped lone surrogate', '{"metadata":{"name":"\\ud800"}}'],
    ['a non-canonical number', '{"metadata":{"name":"a"},"n":1.0}'],
    ['an exponent stringify writes out', '{"metadata":{"name":"a"},"n":1e3}'],
    ['negative zero', '{"metadata":{"name":"a"},"n":-0}'],
    ['a duplicate key', '{"metadata":{"name":"a","name":"b"}}'],
    ['an array-index key V8 reorders', '{"metadata":{"name":"a"},"data":{"b":1,"10":2}}'],
    ['a stored resourceVersion', '{"metadata":{"name":"a","resourceVersion":"3"}}'],
    ['no metadata', '{"kind":"X"}'],
    ['metadata null', '{"metadata":null}'],
    ['metadata an array', '{"metadata":[]}'],
    ['a top-level array', '[{"metadata":{}}]'],
    ['a byte order mark', '\ufeff{"metadata":{"name":"a"}}'],
    ['trailing garbage', '{"metadata":{"name":"a"}}x'],
    ['not JSON', 'not json'],
    ['empty', ''],
  ])('declines %s (the decoded path decides)', (_what, text) => {
    expect(spliceServedJson(kvOf(text))).toBeUndefined();
  });

  it('declines invalid UTF-8 and nesting deeper than it scans', () => {
    expect(spliceServedJson(kvOf(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])))).toBeUndefined();
    const deep = `{"metadata":{"name":"a"},"d":${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(spliceServedJson(kvOf(deep))).toBeUndefined();
    expect(served(kvOf(deep))).toBeDefined();
  });

  it('splices at the offset the watch-cache shipped without scanning the value, and scans when it is unusable', () => {
    const text = '{"metadata":{"name":"n"},"data":{"k":"v"}}';
    const expected = '{"metadata":{"name":"n","resourceVersion":"9"},"data":{"k":"v"}}';
    expect(spliceServedJson({ ...kvOf(text, 9), jsonMetaClose: 23 })?.toString()).toBe(expected);
    // Trusted as shipped: a value the scan would decline (whitespace) is spliced where the offset says.
    expect(spliceServedJson({ ...kvOf('{"metadata":{"name":"n"}, "x":1}', 9), jsonMetaClose: 23 })?.toString()).toBe('{"metadata":{"name":"n","resourceVersion":"9"}, "x":1}');
    // An offset that does not point at a closing brace inside the value, or none (0), means: scan.
    for (const jsonMetaClose of [0, 1, 22, 24, text.length, text.length + 5]) {
      expect(spliceServedJson({ ...kvOf(text, 9), jsonMetaClose })?.toString()).toBe(expected);
    }
    expect(spliceServedJson({ ...kvOf('{"metadata":{"name":"n"}, "x":1}'), jsonMetaClose: 3 })).toBeUndefined();
    expect(spliceServedJson({ ...kvOf('{"metadata":{},"a":1}', 9), jsonMetaClose: 13 })?.toString()).toBe('{"metadata":{"resourceVersion":"9"},"a":1}');
  });

  it('puts resourceVersion last in metadata, without a comma when metadata is empty', () => {
    expect(spliceServedJson(kvOf('{"metadata":{},"a":1}', 9))?.toString()).toBe('{"metadata":{"resourceVersion":"9"},"a":1}');
    expect(spliceServedJson(kvOf('{"a":{"metadata":{}},"metadata":{"name":"n"}}', 9))?.toString()).toBe(
      '{"a":{"metadata":{}},"metadata":{"name":"n","resourceVersion":"9"}}',
    );
  });
});
