import { isUtf8 } from 'node:buffer';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_DEPTH = 64;
const METADATA = 'metadata';
const RESOURCE_VERSION = 'resourceVersion';
// Raw control characters are never in canonical JSON: whitespace outside strings, invalid JSON inside them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x1f]/;
const ARRAY_INDEX = /^(?:0|[1-9][0-9]{0,9})$/;

/** Not canonical (or not JSON): the caller takes the parse + stringify path, which also reports real errors. */
const notCanonical = new Error('not canonical JSON');

/**
 * Validates that a stored value is exactly what JSON.stringify writes for the value JSON.parse reads from it (no
 * whitespace, shortest escapes, canonical numbers, no duplicate or array-index keys, whose order V8 would
 * change), that its top level is an object whose `metadata` is an object without `resourceVersion`, and finds
 * where that metadata object closes. Throws {@link notCanonical} otherwise.
 *
 * It reads the value as a latin1 string (one char per byte, UTF-8 validated beforehand), so quotes and
 * backslashes are found with native indexOf and keys are cheap substrings compared byte for byte — canonical
 * strings have a single encoding, so equal bytes mean equal keys.
 */
class CanonicalScanner {
  private pos = 0;
  private nextBackslash = -1;
  private metaClose = -1;

  constructor(private readonly text: string) {}

  /** Offset of metadata's closing brace. */
  scan(): number {
    if (this.text.charCodeAt(0) !== 0x7b || CONTROL.test(this.text)) throw notCanonical;
    this.nextBackslash = this.text.indexOf('\\');
    this.object(1);
    if (this.pos !== this.text.length || this.metaClose < 0) throw notCanonical;
    return this.metaClose;
  }

  private value(depth: number): void {
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b) this.object(depth + 1);
    else if (c === 0x5b) this.array(depth + 1);
    else if (c === QUOTE) this.string();
    else if (c === 0x74) this.literal('true');
    else if (c === 0x66) this.literal('false');
    else if (c === 0x6e) this.literal('null');
    else this.number();
  }

  /** An object at `depth` (1 = the stored object itself, 2 = its fields' values); returns its keys. */
  private object(depth: number): string[] {
    if (depth > MAX_DEPTH) throw notCanonical;
    const text = this.text;
    const keys: string[] = [];
    this.pos++;
    if (text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return keys;
    }
    for (;;) {
      if (text.charCodeAt(this.pos) !== QUOTE) throw notCanonical;
      const start = this.pos + 1;
      this.string();
      const key = text.slice(start, this.pos - 1);
      if (ARRAY_INDEX.test(key) && Number(key) < 4294967295) throw notCanonical;
      if (keys.includes(key)) throw notCanonical;
      keys.push(key);
      if (text.charCodeAt(this.pos) !== 0x3a) throw notCanonical;
      this.pos++;
      if (depth === 1 && key === METADATA) {
        if (text.charCodeAt(this.pos) !== 0x7b) throw notCanonical;
        const metaKeys = this.object(2);
        if (metaKeys.includes(RESOURCE_VERSION)) throw notCanonical;
        this.metaClose = this.pos - 1;
      } else {
        this.value(depth);
      }
      const next = text.charCodeAt(this.pos++);
      if (next === 0x7d) return keys;
      if (next !== 0x2c) throw notCanonical;
    }
  }

  private array(depth: number): void {
    if (depth > MAX_DEPTH) throw notCanonical;
    const text = this.text;
    this.pos++;
    if (text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return;
    }
    for (;;) {
      this.value(depth);
      const next = text.charCodeAt(this.pos++);
      if (next === 0x5d) return;
      if (next !== 0x2c) throw notCanonical;
    }
  }

  /** A string as JSON.stringify writes it: raw characters (no control ones, checked up front), shortest escapes. */
  private string(): void {
    const text = this.text;
    let from = this.pos + 1;
    for (;;) {
      const quote = text.indexOf('"', from);
      if (quote < 0) throw notCanonical;
      if (this.nextBackslash >= 0 && this.nextBackslash < from) this.nextBackslash = text.indexOf('\\', from);
      const bs = this.nextBackslash;
      if (bs < 0 || bs > quote) {
        this.pos = quote + 1;
        return;
      }
      const e = text.charCodeAt(bs + 1);
      if (e === QUOTE || e === BACKSLASH || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) from = bs + 2;
      else if (e === 0x75 && isControlEscape(text, bs + 2)) from = bs + 6;
      else throw notCanonical;
    }
  }

  private literal(word: string): void {
    if (!this.text.startsWith(word, this.pos)) throw notCanonical;
    this.pos += word.length;
  }

  private number(): void {
    const text = this.text;
    const start = this.pos;
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      // - + . 0-9 e E
      if (!(c === 0x2d || c === 0x2b || c === 0x2e || (c >= 0x30 && c <= 0x39) || c === 0x65 || c === 0x45)) break;
      i++;
    }
    if (i === start) throw notCanonical;
    const token = text.slice(start, i);
    // Also rejects what JSON.parse would (01, 1., -), and what stringify would rewrite (1.0, 1e3, -0).
    if (String(Number(token)) !== token) throw notCanonical;
    this.pos = i;
  }
}

const CONTROL_ESCAPE = /^00(?:0[0-7bef]|1[0-9a-f])$/;

/** `\u00XX` for a control character JSON.stringify has no short escape for (lowercase hex, as V8 writes it). */
function isControlEscape(text: string, at: number): boolean {
  return CONTROL_ESCAPE.test(text.slice(at, at + 4));
}

/**
 * Where the top-level `metadata` object of a stored JSON value closes (the offset of its `}`), when the value is
 * exactly what JSON.stringify writes for the value JSON.parse reads from it (valid UTF-8, no whitespace, shortest
 * escapes, canonical numbers, no duplicate or array-index keys, whose order V8 would change), its top level is an
 * object and its `metadata` an object without `resourceVersion`: then the bytes a server would send after parsing
 * it, setting metadata.resourceVersion and stringifying it again are the value with `"resourceVersion":"N"` spliced
 * in at that offset (after a comma unless metadata is empty, see {@link isEmptyMetadataAt}). Returns 0 for any other
 * value (never a valid offset: a value that qualifies starts with `{`); the caller then parses it.
 *
 * One pass over the value. The watch-cache runs it once per object written and ships the offset with the object, so
 * the apiserver does not scan every object of every LIST.
 */
export function canonicalJsonMetaClose(value: Uint8Array): number {
  if (value.length === 0 || !isUtf8(value)) return 0;
  const view = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  try {
    return new CanonicalScanner(view.toString('latin1')).scan();
  } catch (err) {
    if (err === notCanonical) return 0;
    // A RangeError from a value nested deeper than the stack allows: not one to splice.
    if (err instanceof RangeError) return 0;
    throw err;
  }
}

/** Whether the metadata closing at `metaClose` (from {@link canonicalJsonMetaClose}) is `{}`. */
export function isEmptyMetadataAt(value: Uint8Array, metaClose: number): boolean {
  // A member's value never ends with `{`, so only an empty object has it right before its closing brace.
  return value[metaClose - 1] === 0x7b;
}
