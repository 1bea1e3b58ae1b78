import { canonicalJsonMetaClose, isEmptyMetadataAt } from '@strata/apimachinery';
import type { KeyValue } from '@strata/storage';

/** A stored value in canonical form and where its metadata closes. */
interface Spliceable {
  readonly value: Buffer;
  readonly metaClose: number;
  /** `"resourceVersion":"N"`, with a leading comma unless metadata is empty. */
  readonly rv: string;
}

/**
 * How the stored object of `kv` is served as JSON without decoding it (the bytes `JSON.stringify(decodeObject(kv))`
 * would give): its stored bytes with `"resourceVersion":"<modRevision>"` spliced in at the end of metadata.
 * Returns undefined when the stored bytes are not in the canonical form encodeObject writes (any whitespace,
 * escape, number or key order JSON.stringify would change, invalid UTF-8, a missing or non-object metadata, a
 * stored resourceVersion; see canonicalJsonMetaClose): the caller then takes the parse + stringify path, which
 * also reports corrupt values. Where metadata closes comes with the key-value when the watch-cache found it
 * (jsonMetaClose, checked once per write there); only a value without it is scanned here.
 */
function spliceable(kv: KeyValue): Spliceable | undefined {
  const value = kv.value;
  const view = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const known = kv.jsonMetaClose;
  // A shipped offset that does not point at a closing brace is not one to trust (a peer's bug): scan instead.
  const metaClose = known && known < view.length && view[known] === 0x7d ? known : canonicalJsonMetaClose(view);
  if (metaClose === 0) return undefined;
  return { value: view, metaClose, rv: `${isEmptyMetadataAt(view, metaClose) ? '' : ','}"resourceVersion":"${kv.modRevision}"` };
}

/** {@link spliceable} as one buffer; undefined when the decoded path must be taken. */
export function spliceServedJson(kv: KeyValue): Buffer | undefined {
  const s = spliceable(kv);
  return s && Buffer.concat([s.value.subarray(0, s.metaClose), Buffer.from(s.rv, 'latin1'), s.value.subarray(s.metaClose)]);
}

/**
 * Builds a JSON list body (`head` + items joined by commas + `]}`) in one buffer: items are stored objects
 * spliced as {@link spliceServedJson} does, or, when that is not possible, whatever `fallback` encodes (the decoded
 * path). Copies each stored value once, straight into the body.
 */
export function buildListJson(head: string, kvs: readonly KeyValue[], splice: boolean, fallback: (kv: KeyValue) => string): Buffer {
  return buildListJsonPiece(head, kvs, false, splice, fallback, ']}');
}

/**
 * One piece of a JSON list body written in several (a streamed LIST), built as {@link buildListJson} builds a whole
 * one: `before`, the items of `kvs` joined by commas — with one ahead of the first when `afterItem` (an earlier
 * piece ended with an item) — then `after`.
 */
export function buildListJsonPiece(
  before: string,
  kvs: readonly KeyValue[],
  afterItem: boolean,
  splice: boolean,
  fallback: (kv: KeyValue) => string,
  after: string,
): Buffer {
  const items: (Spliceable | Buffer)[] = new Array(kvs.length);
  const leadingComma = afterItem && kvs.length > 0 ? 1 : 0;
  let total = Buffer.byteLength(before) + leadingComma + Math.max(0, kvs.length - 1) + Buffer.byteLength(after);
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i] as KeyValue;
    const s = splice ? spliceable(kv) : undefined;
    const item = s ?? Buffer.from(fallback(kv));
    items[i] = item;
    total += s ? s.value.length + s.rv.length : (item as Buffer).length;
  }
  const out = Buffer.allocUnsafe(total);
  let pos = out.write(before);
  if (leadingComma) out[pos++] = 0x2c;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out[pos++] = 0x2c;
    const item = items[i] as Spliceable | Buffer;
    if (Buffer.isBuffer(item)) {
      pos += item.copy(out, pos);
      continue;
    }
    pos += item.value.copy(out, pos, 0, item.metaClose);
    pos += out.write(item.rv, pos, 'latin1');
    pos += item.value.copy(out, pos, item.metaClose);
  }
  out.write(after, pos);
  return out;
}
