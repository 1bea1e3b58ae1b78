import { canonicalJsonMetaClose, isEmptyMetadataAt } from './canonical-json';

const bytes = (text: string) => Buffer.from(text, 'utf8');

// The byte-for-byte equivalence with parse + stringify is checked, on random objects and corruptions, where the
// offset is used (registry codec-json-splice.spec.ts); here, what the offset is.
describe('canonicalJsonMetaClose', () => {
  it.each([
    ['{"metadata":{}}', 13, true],
    ['{"kind":"X","metadata":{"name":"a","labels":{"x":"}"}},"data":{"k":"v"}}', 53, false],
    ['{"a":{"metadata":{}},"metadata":{"name":"é✓"}}', 47, false],
  ])('finds where the top-level metadata of %s closes', (text, metaClose, empty) => {
    const value = bytes(text);
    expect(canonicalJsonMetaClose(value)).toBe(metaClose);
    expect(value[metaClose]).toBe(0x7d);
    expect(isEmptyMetadataAt(value, metaClose)).toBe(empty);
    // Any Uint8Array, not only a Buffer, and a view at an offset of a larger buffer.
    const framed = Buffer.concat([bytes('xx'), value, bytes('yy')]);
    expect(canonicalJsonMetaClose(new Uint8Array(framed.buffer, framed.byteOffset + 2, value.length))).toBe(metaClose);
  });

  it.each([
    ['whitespace', bytes('{"metadata":{"name":"a"}, "x":1}')],
    ['a stored resourceVersion', bytes('{"metadata":{"resourceVersion":"3"}}')],
    ['no metadata', bytes('{"kind":"X"}')],
    ['a non-canonical number', bytes('{"metadata":{},"n":1.0}')],
    ['invalid UTF-8', Buffer.from('{"metadata":{},"\xff":1}', 'latin1')],
    ['nesting deeper than it scans', bytes(`{"metadata":{},"d":${'['.repeat(100)}${']'.repeat(100)}}`)],
    ['empty', bytes('')],
  ])('is 0 for %s', (_what, value) => {
    expect(canonicalJsonMetaClose(value)).toBe(0);
  });
});
