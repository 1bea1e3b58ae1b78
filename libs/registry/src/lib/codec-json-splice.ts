import { isUtf8 } from 'node:buffer';
import type { KeyValue } from '@strata/storage';

/** Where the stored object's top-level metadata object closes, found by {@link scanCanonical}. */
interface Splice {
  /** Offset of metadata's closing brace. */
  readonly metaClose: number;
  /** metadata is `{}`. */
  readonly metaEmpty: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_DEPTH = 64;
const METADATA = 'metadata';
const RESOURCE_VERSION = 'resourceVersion';

/** Not canonical (or not JSON): the caller takes the parse + stringify path, which also reports real errors. */
const notCanonical = new Error('not canonical JSON');

/**
 * Validates that `buf` is exactly what JSON.stringify writes for the value JSON.parse reads from it (no
 * whitespace, shortest escapes, canonical numbers, no duplicate or array-index keys, whose order V8 would
 * change), that its top level is an object whose `metadata` is an object without `resourceVersion`, and finds
 * where that metadata object closes. Throws {@link notCanonical} otherwise.
 */
class CanonicalScanner {
  private pos = 0;
  private metaClose = -1;
  private metaEmpty = false;

  constructor(private readonly buf: Uint8Array) {}

  scan(): Splice {
    if (this.buf[0] !== 0x7b) throw notCanonical;
    this.object(1);
    if (this.pos !== this.buf.length || this.metaClose < 0) throw notCanonical;
    return { metaClose: this.metaClose, metaEmpty: this.metaEmpty };
  }

  private value(depth: number): void {
    const b = this.buf[this.pos];
    if (b === 0x7b) this.object(depth + 1);
    else if (b === 0x5b) this.array(depth + 1);
    else if (b === QUOTE) this.string();
    else if (b === 0x74) this.literal('true');
    else if (b === 0x66) this.literal('false');
    else if (b === 0x6e) this.literal('null');
    else this.number();
  }

  /** An object at `depth` (1 = the stored object itself, 2 = its fields' values); returns its keys. */
  private object(depth: number): string[] {
    if (depth > MAX_DEPTH) throw notCanonical;
    const buf = this.buf;
    const keys: string[] = [];
    this.pos++;
    if (buf[this.pos] === 0x7d) {
      this.pos++;
      return keys;
    }
    for (;;) {
      if (buf[this.pos] !== QUOTE) throw notCanonical;
      const start = this.pos + 1;
      this.string();
      // Canonical strings have one encoding each, so raw bytes compare like the decoded keys.
      const key = Buffer.from(buf.buffer, buf.byteOffset + start, this.pos - 1 - start).toString('latin1');
      if (isArrayIndex(key) || keys.includes(key)) throw notCanonical;
      keys.push(key);
      if (buf[this.pos] !== 0x3a) throw notCanonical;
      this.pos++;
      if (depth === 1 && key === METADATA) {
        if (buf[this.pos] !== 0x7b) throw notCanonical;
        const metaKeys = this.object(2);
        if (metaKeys.includes(RESOURCE_VERSION)) throw notCanonical;
        this.metaEmpty = metaKeys.length === 0;
        this.metaClose = this.pos - 1;
      } else {
        this.value(depth);
      }
      const next = buf[this.pos++];
      if (next === 0x7d) return keys;
      if (next !== 0x2c) throw notCanonical;
    }
  }

  private array(depth: number): void {
    if (depth > MAX_DEPTH) throw notCanonical;
    const buf = this.buf;
    this.pos++;
    if (buf[this.pos] === 0x5d) {
      this.pos++;
      return;
    }
    for (;;) {
      this.value(depth);
      const next = buf[this.pos++];
      if (next === 0x5d) return;
      if (next !== 0x2c) throw notCanonical;
    }
  }

  /** A string as JSON.stringify writes it: raw UTF-8 (validated once for the whole buffer) and shortest escapes. */
  private string(): void {
    const buf = this.buf;
    let i = this.pos + 1;
    const end = buf.length;
    for (;;) {
      if (i >= end) throw notCanonical;
      const b = buf[i] as number;
      if (b === QUOTE) break;
      if (b < 0x20) throw notCanonical;
      if (b === BACKSLASH) {
        const e = buf[i + 1];
        if (e === QUOTE || e === BACKSLASH || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) i += 2;
        else if (e === 0x75 && isControlEscape(buf, i + 2)) i += 6;
        else throw notCanonical;
        continue;
      }
      i++;
    }
    this.pos = i + 1;
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) if (this.buf[this.pos + k] !== word.charCodeAt(k)) throw notCanonical;
    this.pos += word.length;
  }

  private number(): void {
    const buf = this.buf;
    const start = this.pos;
    let i = start;
    for (;;) {
      const b = buf[i];
      // - + . 0-9 e E
      if (b === undefined || !(b === 0x2d || b === 0x2b || b === 0x2e || (b >= 0x30 && b <= 0x39) || b === 0x65 || b === 0x45)) break;
      i++;
    }
    if (i === start) throw notCanonical;
    const token = Buffer.from(buf.buffer, buf.byteOffset + start, i - start).toString('latin1');
    // Also rejects what JSON.parse would (01, 1., -), and what stringify would rewrite (1.0, 1e3, -0).
    if (String(Number(token)) !== token) throw notCanonical;
    this.pos = i;
  }
}

const hex = '0123456789abcdef';

/** `\u00XX` for a control character JSON.stringify has no short escape for (lowercase hex, as V8 writes it). */
function isControlEscape(buf: Uint8Array, at: number): boolean {
  if (buf[at] !== 0x30 || buf[at + 1] !== 0x30) return false;
  const hi = buf[at + 2];
  const lo = buf[at + 3];
  if (hi !== 0x30 && hi !== 0x31) return false;
  const loValue = lo === undefined ? -1 : hex.indexOf(String.fromCharCode(lo));
  if (loValue < 0) return false;
  const code = (hi === 0x31 ? 16 : 0) + loValue;
  // \b \t \n \f \r have short forms.
  return code !== 0x08 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
}

/** Keys V8 orders first, numerically, in any object (canonical uint32 below 2^32 - 1). */
function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (!(c >= 0x30 && c <= 0x39)) return false;
  if (key.length > 10 || !/^(0|[1-9][0-9]*)$/.test(key)) return false;
  return Number(key) < 4294967295;
}

/**
 * The JSON of a stored object as served (the bytes `JSON.stringify(decodeObject(kv))` would give), built by
 * splicing `"resourceVersion":"<modRevision>"` into the stored bytes instead of parsing and re-encoding them.
 * Returns undefined when the stored bytes are not in the canonical form encodeObject writes (any whitespace,
 * escape, number or key order JSON.stringify would change, invalid UTF-8, a missing or non-object metadata, a
 * stored resourceVersion): the caller then takes the parse + stringify path, which also reports corrupt values.
 */
export function spliceServedJson(kv: KeyValue): Buffer | undefined {
  const value = kv.value;
  if (value.length === 0 || !isUtf8(value)) return undefined;
  let splice: Splice;
  try {
    splice = new CanonicalScanner(value).scan();
  } catch (err) {
    if (err === notCanonical) return undefined;
    // A RangeError from a value nested deeper than the stack allows: let the generic path judge it.
    if (err instanceof RangeError) return undefined;
    throw err;
  }
  const view = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const rv = Buffer.from(`${splice.metaEmpty ? '' : ','}"resourceVersion":"${kv.modRevision}"`, 'latin1');
  return Buffer.concat([view.subarray(0, splice.metaClose), rv, view.subarray(splice.metaClose)]);
}
