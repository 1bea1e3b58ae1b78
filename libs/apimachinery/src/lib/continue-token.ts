import { posix } from 'node:path';

/** A continue token that cannot be decoded or points outside the list prefix; answer 400 (kube: BadRequest). */
export class ContinueTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContinueTokenError';
  }
}

const TOKEN_VERSION = 'meta.k8s.io/v1';
const GENERIC = 'continue key is not valid';

// Go's encoding/json escapes these for HTML safety; matching it keeps our tokens byte-identical to kube's.
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/**
 * Encodes a continue token exactly like kube-apiserver: base64 RawURLEncoding (no padding) of
 * `{"v":"meta.k8s.io/v1","rv":<rv>,"start":"<startKeyRelative>"}`. `startKeyRelative` is the next key to
 * read, relative to the list prefix (callers pass lastKeyRelative + '\x00'). `rv` -1 means "latest" (kube's
 * inconsistent-continue token).
 */
export function encodeContinue(rv: number, startKeyRelative: string): string {
  const json = `{"v":"${TOKEN_VERSION}","rv":${Math.trunc(rv)},"start":${goJsonString(startKeyRelative)}}`;
  return Buffer.from(json, 'utf8').toString('base64url');
}

// RawURLEncoding: URL alphabet, no padding; a length of 4n+1 can never be produced by an encoder.
function decodeRawUrlBase64(token: string): Buffer {
  const bad = token.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) throw new ContinueTokenError(`${GENERIC}: illegal base64 data at input byte ${bad}`);
  if (token.length % 4 === 1) {
    throw new ContinueTokenError(`${GENERIC}: illegal base64 data at input byte ${token.length - 1}`);
  }
  return Buffer.from(token, 'base64url');
}

// Go's path.Clean differs from posix.normalize only in dropping a trailing slash.
function goPathClean(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/**
 * Decodes a continue token made by encodeContinue (or by kube-apiserver).
 * @returns the token's resourceVersion and the start key relative to the list prefix.
 * @throws ContinueTokenError (messages start `continue key is not valid`, like kube) for bad base64, bad JSON,
 * an unknown version, rv 0 or not an integer, an empty start key, or a start key that is not already a clean
 * relative path (`..`, `.`, `//`, a leading `/`): a token can never reach outside the prefix it was issued for.
 */
export function decodeContinue(token: string): { rv: number; start: string } {
  const data = decodeRawUrlBase64(token);
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch (e) {
    throw new ContinueTokenError(`${GENERIC}: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ContinueTokenError(`${GENERIC}: token is not a JSON object`);
  }
  const c = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (c.v !== TOKEN_VERSION) {
    const v = typeof c.v === 'string' ? c.v : '';
    throw new ContinueTokenError(`${GENERIC}: server does not recognize this encoded version ${JSON.stringify(v)}`);
  }
  const rv = c.rv ?? 0;
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv === 0 || rv < -1) {
    throw new ContinueTokenError(`${GENERIC}: incorrect encoded start resourceVersion (version ${TOKEN_VERSION})`);
  }
  const start = c.start ?? '';
  if (typeof start !== 'string') throw new ContinueTokenError(`${GENERIC}: start key is not a string`);
  if (start.length === 0) {
    throw new ContinueTokenError(`${GENERIC}: encoded start key empty (version ${TOKEN_VERSION})`);
  }
  // kube cleans "/"+start and rejects it unless unchanged; we also refuse an absolute start, which our
  // encoder never produces, so the result is always strictly below the prefix.
  if (start.startsWith('/') || goPathClean('/' + start) !== '/' + start) {
    throw new ContinueTokenError(`${GENERIC}: ${start}`);
  }
  return { rv, start };
}
