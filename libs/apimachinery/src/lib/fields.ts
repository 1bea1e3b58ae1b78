import { SelectorParseError } from './labels';

/** One clause of a field selector; `==` is stored as `=`. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** A parsed field selector: the AND of its requirements, sorted like kube. */
export interface FieldSelector {
  /** True when every requirement holds; `fields` resolves a field path, undefined meaning missing (= ''). */
  matches(fields: (field: string) => string | undefined): boolean;
  /** True when the selector has no requirements (matches everything). */
  empty(): boolean;
  requirements(): readonly FieldRequirement[];
  /** kube's canonical text, values escaped: `metadata.name=a\,b,status.phase!=Running`. */
  toString(): string;
}

class RequirementsFieldSelector implements FieldSelector {
  constructor(private readonly reqs: readonly FieldRequirement[]) {}

  matches(fields: (field: string) => string | undefined): boolean {
    return this.reqs.every((r) => ((fields(r.field) ?? '') === r.value) === (r.operator === '='));
  }

  empty(): boolean {
    return this.reqs.length === 0;
  }

  requirements(): readonly FieldRequirement[] {
    return this.reqs;
  }

  toString(): string {
    return this.reqs.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }
}

/** Escapes `\`, `,` and `=` in a field selector value, as kube's fields.EscapeValue. */
export function escapeFieldValue(v: string): string {
  return v.replace(/[\\,=]/g, (c) => '\\' + c);
}

/**
 * Undoes escapeFieldValue, as kube's fields.UnescapeValue.
 * @throws SelectorParseError `invalid field selector: invalid escape sequence: \x` for an unknown escape or a
 * trailing `\`, and `invalid field selector: unescaped character in value: 61` (Go prints the rune's number)
 * for a bare `,` or `=`.
 */
export function unescapeFieldValue(s: string): string {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new SelectorParseError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw new SelectorParseError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw new SelectorParseError('invalid field selector: invalid escape sequence: \\');
  return out;
}

// Splits on commas not preceded by an escaping backslash; escapes stay in the terms.
function splitTerms(s: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const TERM_OPERATORS = ['!=', '==', '='] as const;

function splitTerm(term: string): { lhs: string; op: (typeof TERM_OPERATORS)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/**
 * Parses a field selector like kube's fields.ParseSelector: comma-separated `field=value`, `field==value`,
 * `field!=value`; values may escape `\,`, `\=`, `\\`; empty terms are skipped; '' matches everything.
 * Terms are sorted by their raw text, as kube does. Which fields a resource supports is the registry's job.
 * @throws SelectorParseError `invalid selector: '<s>'; can't understand '<term>'` or an escaping error.
 */
export function parseFieldSelector(s: string): FieldSelector {
  const parts = s.length === 0 ? [] : splitTerms(s).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw new SelectorParseError(`invalid selector: '${s}'; can't understand '${part}'`);
    reqs.push({ field: t.lhs, operator: t.op === '!=' ? '!=' : '=', value: unescapeFieldValue(t.rhs) });
  }
  return new RequirementsFieldSelector(reqs);
}

/**
 * A field resolver over a JSON object: a dotted path (`metadata.name`, `involvedObject.kind`) walks nested
 * objects; strings are returned as is, other scalars via String(); a missing path, an object, or an array
 * yields undefined (which field selectors treat as '').
 */
export function jsonPathFields(obj: unknown): (field: string) => string | undefined {
  return (field: string) => {
    let cur: unknown = obj;
    for (const part of field.split('.')) {
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    if (cur === null || cur === undefined || typeof cur === 'object') return undefined;
    return String(cur);
  };
}
