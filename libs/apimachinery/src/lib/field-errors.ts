/** The kind of a field validation failure; the value is also the Status cause `reason` kube sends. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueNotSupported'
  | 'FieldValueTooLong'
  | 'FieldValueTypeInvalid';

/**
 * One field validation failure, like k8s.io/apimachinery field.Error. `field` is the dotted path
 * (`metadata.name`, `spec.containers[0].image`). A `badValue` of `undefined` means "omit the value from
 * the message" (kube's omitValue); `null` prints as `"null"` like a Go nil.
 */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  badValue?: unknown;
  detail?: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueTooLong: 'Too long',
  FieldValueTypeInvalid: 'Invalid value',
};

/** The human text of a type, e.g. `Required value`, as kube's ErrorType.String(). */
export function fieldErrorTypeText(type: FieldErrorType): string {
  return TYPE_TEXT[type];
}

/** A required field is missing: `<field>: Required value[: detail]`. */
export function required(field: string, detail?: string): FieldError {
  return { type: 'FieldValueRequired', field, detail: detail ?? '' };
}

/** A value is malformed: `<field>: Invalid value: <value>: <detail>`. */
export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, badValue: value, detail };
}

/** A well-formed value not allowed here: `<field>: Forbidden: <detail>` (the value is never printed). */
export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

/** A value outside an enumeration: `<field>: Unsupported value: "x": supported values: "a", "b"`. */
export function notSupported(field: string, value: unknown, valid: readonly string[]): FieldError {
  const detail = valid.length > 0 ? 'supported values: ' + valid.map(goQuote).join(', ') : '';
  return { type: 'FieldValueNotSupported', field, badValue: value, detail };
}

/**
 * A value longer than `max` bytes: `<field>: Too long: may not be more than N bytes` (the value is
 * never printed, since it is by definition large). A negative `max` gives `value is too long`.
 */
export function tooLong(field: string, value: unknown, max: number): FieldError {
  const detail = max >= 0 ? `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}` : 'value is too long';
  return { type: 'FieldValueTooLong', field, badValue: value, detail };
}

/** A value that must be unique appears twice: `<field>: Duplicate value: "x"`. */
export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, badValue: value, detail: '' };
}

/** The message without the field path, as kube's Error.ErrorBody(); it is the Status cause message. */
export function fieldErrorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  const valueOmitted =
    e.type === 'FieldValueRequired' ||
    e.type === 'FieldValueForbidden' ||
    e.type === 'FieldValueTooLong' ||
    e.badValue === undefined;
  if (!valueOmitted) s += ': ' + formatBadValue(e.badValue);
  if (e.detail) s += ': ' + e.detail;
  return s;
}

/**
 * kube's field.Error.Error() text: `metadata.name: Invalid value: "A_b": a lowercase RFC 1123 ...`,
 * or just the body when the field path is empty.
 */
export function fieldErrorMessage(e: FieldError): string {
  const body = fieldErrorBody(e);
  return e.field ? `${e.field}: ${body}` : body;
}

/**
 * kube's ErrorList.ToAggregate().Error(): duplicates dropped, one message as is, several as `[a, b]`,
 * none as ''.
 */
export function aggregateFieldErrors(errs: readonly FieldError[]): string {
  const msgs = [...new Set(errs.map(fieldErrorMessage))];
  if (msgs.length === 0) return '';
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
}

// Go prints simple scalars with %v, strings with %q; everything else falls back to JSON since Go's %#v
// of a struct has no TypeScript equivalent.
function formatBadValue(v: unknown): string {
  if (v === null) return '"null"';
  switch (typeof v) {
    case 'string':
      return goQuote(v);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(v);
    default:
      return JSON.stringify(v) ?? String(v);
  }
}

/** Go's strconv.Quote for the characters that appear in API values: escapes, control bytes as \xNN. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\u' + c.toString(16).padStart(4, '0');
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}
