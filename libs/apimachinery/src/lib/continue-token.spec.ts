import { ContinueTokenError, decodeContinue, encodeContinue } from './continue-token';

function raw(json: string): string {
  return Buffer.from(json, 'utf8').toString('base64url');
}

function decodeError(token: string): string {
  try {
    decodeContinue(token);
  } catch (e) {
    expect(e).toBeInstanceOf(ContinueTokenError);
    return (e as Error).message;
  }
  throw new Error(`expected ${token} to fail`);
}

describe('continue tokens', () => {
  it('encodes exactly like kube-apiserver', () => {
    const token = encodeContinue(42, 'default/cm-1\x00');
    expect(token).not.toMatch(/[=+/]/);
    expect(Buffer.from(token, 'base64url').toString('utf8')).toBe(
      '{"v":"meta.k8s.io/v1","rv":42,"start":"default/cm-1\\u0000"}',
    );
    // The same bytes kube-apiserver sends: unpadded base64url of that JSON.
    expect(token).toBe('eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDIsInN0YXJ0IjoiZGVmYXVsdC9jbS0xXHUwMDAwIn0');
  });

  it('escapes HTML characters like Go encoding/json', () => {
    const json = Buffer.from(encodeContinue(1, 'a<b>&c\x00'), 'base64url').toString('utf8');
    expect(json).toBe('{"v":"meta.k8s.io/v1","rv":1,"start":"a\\u003cb\\u003e\\u0026c\\u0000"}');
    expect(decodeContinue(encodeContinue(1, 'a<b>&c\x00'))).toEqual({ rv: 1, start: 'a<b>&c\x00' });
  });

  it('round-trips, including rv -1 (inconsistent continue)', () => {
    for (const [rv, start] of [
      [7, 'ns/name\x00'],
      [-1, 'x\x00'],
      [Number.MAX_SAFE_INTEGER, 'a/b/c'],
    ] as const) {
      expect(decodeContinue(encodeContinue(rv, start))).toEqual({ rv, start });
    }
  });

  it('rejects bad base64', () => {
    expect(decodeError('abc$')).toBe('continue key is not valid: illegal base64 data at input byte 3');
    expect(decodeError('eyJ2Ijoi=')).toBe('continue key is not valid: illegal base64 data at input byte 8');
    expect(decodeError('abcde')).toBe('continue key is not valid: illegal base64 data at input byte 4');
  });

  it('rejects bad JSON', () => {
    expect(decodeError(raw('{nope'))).toMatch(/^continue key is not valid: /);
    expect(decodeError(raw('[1]'))).toBe('continue key is not valid: token is not a JSON object');
    expect(decodeError(raw('null'))).toBe('continue key is not valid: token is not a JSON object');
  });

  it('rejects unknown versions, zero or non-integer rv, and empty starts with kube messages', () => {
    expect(decodeError(raw('{"v":"meta.k8s.io/v2","rv":1,"start":"a"}'))).toBe(
      'continue key is not valid: server does not recognize this encoded version "meta.k8s.io/v2"',
    );
    expect(decodeError(raw('{"rv":1,"start":"a"}'))).toBe(
      'continue key is not valid: server does not recognize this encoded version ""',
    );
    const badRv = 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)';
    expect(decodeError(raw('{"v":"meta.k8s.io/v1","rv":0,"start":"a"}'))).toBe(badRv);
    expect(decodeError(raw('{"v":"meta.k8s.io/v1","start":"a"}'))).toBe(badRv);
    expect(decodeError(raw('{"v":"meta.k8s.io/v1","rv":1.5,"start":"a"}'))).toBe(badRv);
    expect(decodeError(raw('{"v":"meta.k8s.io/v1","rv":"5","start":"a"}'))).toBe(badRv);
    expect(decodeError(raw('{"v":"meta.k8s.io/v1","rv":5,"start":""}'))).toBe(
      'continue key is not valid: encoded start key empty (version meta.k8s.io/v1)',
    );
    expect(decodeError(raw('{"v":"meta.k8s.io/v1","rv":5}'))).toBe(
      'continue key is not valid: encoded start key empty (version meta.k8s.io/v1)',
    );
    expect(decodeError(raw('{"v":"meta.k8s.io/v1","rv":5,"start":7}'))).toBe(
      'continue key is not valid: start key is not a string',
    );
  });

  it('refuses start keys that could leave the prefix', () => {
    for (const start of ['..', '../other-ws/x', 'a/../../b', 'a/../b', './a', 'a//b', '/a', '/../a', 'a/', '.']) {
      expect(decodeError(encodeContinue(5, start))).toBe(`continue key is not valid: ${start}`);
    }
  });

  it('accepts dots that are part of names', () => {
    expect(decodeContinue(encodeContinue(5, 'kube-system/..data\x00')).start).toBe('kube-system/..data\x00');
    expect(decodeContinue(encodeContinue(5, 'a.b/c...d')).start).toBe('a.b/c...d');
  });
});
