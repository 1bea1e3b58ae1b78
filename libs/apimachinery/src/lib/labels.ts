import type { FieldError } from './field-errors';
import { aggregateFieldErrors, fieldErrorMessage, invalid } from './field-errors';
import { isQualifiedName, isValidLabelValue } from './validation';

/** One clause of a label selector. `exists` is a bare `key`, `!` is `!key`; values are empty for both. */
export interface LabelRequirement {
  key: string;
  operator: 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!';
  values: string[];
}

/** A parsed label selector: the AND of its requirements, sorted by key like kube. */
export interface LabelSelector {
  /** True when every requirement holds for `labels` (undefined = no labels). */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** True when the selector has no requirements (matches everything). */
  empty(): boolean;
  /** kube's canonical text, e.g. `app=web,env in (dev,prod),!legacy`. */
  toString(): string;
  requirements(): readonly LabelRequirement[];
}

/** A label or field selector that does not parse or validate; the message is kube's. */
export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

type Operator = LabelRequirement['operator'];

class RequirementsSelector implements LabelSelector {
  private readonly reqs: readonly LabelRequirement[];

  constructor(reqs: LabelRequirement[], private readonly matchNothing = false) {
    // A stable sort keeps duplicate keys in input order, so toString is deterministic.
    this.reqs = [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    if (this.matchNothing) return false;
    const ls = labels ?? {};
    return this.reqs.every((r) => requirementMatches(r, ls));
  }

  empty(): boolean {
    return this.reqs.length === 0 && !this.matchNothing;
  }

  toString(): string {
    return this.reqs.map(requirementString).join(',');
  }

  requirements(): readonly LabelRequirement[] {
    return this.reqs;
  }
}

function requirementMatches(r: LabelRequirement, ls: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(ls, r.key);
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(ls[r.key]);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(ls[r.key]);
    case 'exists':
      return has;
    case '!':
      return !has;
  }
}

function requirementString(r: LabelRequirement): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return '!' + r.key;
  const values = [...r.values].sort();
  if (r.operator === 'in' || r.operator === 'notin') return `${r.key} ${r.operator} (${values.join(',')})`;
  return `${r.key}${r.operator}${values.join(',')}`;
}

// kube's NewRequirement checks; the field paths (`key`, `values[0][key]`) are kube's.
function newRequirement(key: string, operator: Operator, values: string[]): LabelRequirement {
  const errs: FieldError[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) errs.push(invalid('key', key, keyErrs.join('; ')));
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(invalid('values', values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(invalid('values', values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push(invalid('values', values, 'values set must be empty for exists and does not exist'));
      }
      break;
  }
  values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0) errs.push(invalid(`values[${i}][${key}]`, v, valueErrs.join('; ')));
  });
  if (errs.length > 0) throw new SelectorParseError(aggregateFieldErrors(errs));
  return { key, operator, values };
}

type TokenKind =
  | 'error'
  | 'eos'
  | ')'
  | ','
  | '!'
  | '=='
  | '='
  | '>'
  | 'identifier'
  | 'in'
  | '<'
  | '!='
  | 'notin'
  | '(';

interface Token {
  kind: TokenKind;
  literal: string;
}

const SYMBOLS = new Set<string>([')', ',', '!', '==', '=', '>', '<', '!=', '(']);
const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch);

// The whole input is tokenised up front, as kube does; the selector length bounds the token count.
function lex(s: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      tokens.push({ kind: 'eos', literal: '' });
      return tokens;
    }
    if (isSpecial(s[pos])) {
      // Longest run of special characters that is still a known symbol.
      let buf = '';
      let last: Token | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        buf += s[pos];
        if (SYMBOLS.has(buf)) {
          last = { kind: buf as TokenKind, literal: buf };
          pos++;
        } else if (last) {
          break;
        } else {
          pos++;
        }
      }
      tokens.push(last ?? { kind: 'error', literal: `error expected: keyword found '${buf}'` });
      continue;
    }
    let buf = '';
    while (pos < s.length && !isSpecial(s[pos]) && !isWhitespace(s[pos])) buf += s[pos++];
    tokens.push({ kind: buf === 'in' || buf === 'notin' ? buf : 'identifier', literal: buf });
  }
}

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  // In value position the keywords `in` and `notin` are ordinary identifiers (`x in (in)` is legal).
  private lookahead(values: boolean): Token {
    return asContext(this.tokens[this.pos], values);
  }

  private consume(values: boolean): Token {
    return asContext(this.tokens[this.pos++], values);
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const t = this.lookahead(true);
      if (t.kind === 'eos') return reqs;
      if (t.kind !== 'identifier' && t.kind !== '!') {
        throw new SelectorParseError(`found '${t.literal}', expected: !, identifier, or 'end of string'`);
      }
      try {
        reqs.push(this.parseRequirement());
      } catch (e) {
        throw new SelectorParseError(`unable to parse requirement: ${(e as Error).message}`);
      }
      const next = this.consume(true);
      if (next.kind === 'eos') return reqs;
      if (next.kind !== ',') throw new SelectorParseError(`found '${next.literal}', expected: ',' or 'end of string'`);
      const after = this.lookahead(true);
      if (after.kind !== 'identifier' && after.kind !== '!') {
        throw new SelectorParseError(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    let t = this.consume(true);
    let notExists = false;
    if (t.kind === '!') {
      notExists = true;
      t = this.consume(true);
    }
    if (t.kind !== 'identifier') throw new Error(`found '${t.literal}', expected: identifier`);
    const key = t.literal;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length > 0) throw new Error(fieldErrorMessage(invalid('', key, keyErrs.join('; '))));
    // `!key` is always unary: whatever follows is then reported by parse() as an unexpected token.
    if (notExists) return newRequirement(key, '!', []);
    const la = this.lookahead(true).kind;
    if (la === 'eos' || la === ',') return newRequirement(key, 'exists', []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, operator, [...values].sort());
  }

  private parseOperator(): Operator {
    const t = this.consume(false);
    switch (t.kind) {
      case 'in':
      case 'notin':
      case '=':
      case '==':
      case '!=':
        return t.kind;
      case '>':
      case '<':
        throw new Error(`operator '${t.literal}' is not supported`);
      default:
        throw new Error(`found '${t.literal}', expected: '=', '!=', '==', 'in', notin'`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume(true);
    if (open.kind !== '(') throw new Error(`found '${open.literal}' expected: '('`);
    const first = this.lookahead(true);
    switch (first.kind) {
      case 'identifier':
      case ',': {
        const s = this.parseIdentifiersList();
        // kube reports the first token inside the parentheses here, not the offending one.
        if (this.consume(true).kind !== ')') throw new Error(`found '${first.literal}', expected: ')'`);
        return s;
      }
      case ')':
        this.consume(true);
        return new Set(['']);
      default:
        throw new Error(`found '${first.literal}', expected: ',', ')' or identifier`);
    }
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const t = this.consume(true);
      if (t.kind === 'identifier') {
        s.add(t.literal);
        const t2 = this.lookahead(true);
        if (t2.kind === ',') continue;
        if (t2.kind === ')') return s;
        throw new Error(`found '${t2.literal}', expected: ',' or ')'`);
      } else if (t.kind === ',') {
        if (s.size === 0) s.add('');
        const t2 = this.lookahead(true);
        if (t2.kind === ')') {
          s.add('');
          return s;
        }
        if (t2.kind === ',') {
          this.consume(true);
          s.add('');
        }
      } else {
        throw new Error(`found '${t.literal}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const la = this.lookahead(true);
    if (la.kind === 'eos' || la.kind === ',') return new Set(['']);
    const t = this.consume(true);
    if (t.kind === 'identifier') return new Set([t.literal]);
    throw new Error(`found '${t.literal}', expected: identifier`);
  }
}

function asContext(t: Token, values: boolean): Token {
  return values && (t.kind === 'in' || t.kind === 'notin') ? { kind: 'identifier', literal: t.literal } : t;
}

/**
 * Parses a label selector in kube's syntax: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a)`, `k`, `!k`,
 * comma-separated (AND). '' matches everything. Keys and values are validated like kube.
 * @throws SelectorParseError with kube's message (`unable to parse requirement: ...`, `found 'x', expected: ...`).
 * `>` and `<` parse in kube but are not supported here and are rejected.
 */
export function parseLabelSelector(s: string): LabelSelector {
  return new RequirementsSelector(new Parser(lex(s)).parse());
}

/** A metav1.LabelSelector as it appears in API objects. */
export interface Metav1LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

const METAV1_OPERATORS: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * kube's LabelSelectorAsSelector: matchLabels become `=` requirements, matchExpressions map In/NotIn/Exists/
 * DoesNotExist. An empty selector matches everything; a null/undefined one matches nothing.
 * @throws SelectorParseError for an unknown operator (`"Foo" is not a valid label selector operator`) or
 * invalid keys/values/value counts, with kube's messages.
 */
export function labelSelectorFromMetav1(sel: Metav1LabelSelector | null | undefined): LabelSelector {
  if (sel === null || sel === undefined) return new RequirementsSelector([], true);
  const reqs: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push(newRequirement(key, '=', [value]));
  for (const expr of sel.matchExpressions ?? []) {
    const op = Object.prototype.hasOwnProperty.call(METAV1_OPERATORS, expr.operator)
      ? METAV1_OPERATORS[expr.operator]
      : undefined;
    if (!op) throw new SelectorParseError(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(expr.key, op, [...(expr.values ?? [])]));
  }
  return new RequirementsSelector(reqs);
}

/** A selector that matches every label set. */
export function everythingLabelSelector(): LabelSelector {
  return new RequirementsSelector([]);
}
