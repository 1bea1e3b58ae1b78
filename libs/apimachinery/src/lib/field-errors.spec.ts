import {
  aggregateFieldErrors,
  duplicate,
  fieldErrorBody,
  fieldErrorMessage,
  forbidden,
  goQuote,
  invalid,
  notSupported,
  required,
  tooLong,
} from './field-errors';

describe('field errors', () => {
  it('required', () => {
    expect(fieldErrorMessage(required('metadata.name', 'name or generateName is required'))).toBe(
      'metadata.name: Required value: name or generateName is required',
    );
    expect(fieldErrorMessage(required('spec'))).toBe('spec: Required value');
  });

  it('invalid quotes strings and prints scalars plainly', () => {
    expect(fieldErrorMessage(invalid('metadata.name', 'A_b', 'bad'))).toBe('metadata.name: Invalid value: "A_b": bad');
    expect(fieldErrorMessage(invalid('spec.replicas', -1, 'must be >= 0'))).toBe('spec.replicas: Invalid value: -1: must be >= 0');
    expect(fieldErrorMessage(invalid('x', true, 'd'))).toBe('x: Invalid value: true: d');
    expect(fieldErrorMessage(invalid('x', null, 'd'))).toBe('x: Invalid value: "null": d');
    expect(fieldErrorMessage(invalid('x', undefined, 'd'))).toBe('x: Invalid value: d');
    expect(fieldErrorMessage(invalid('x', ['a'], 'd'))).toBe('x: Invalid value: ["a"]: d');
  });

  it('forbidden, duplicate, notSupported, tooLong', () => {
    expect(fieldErrorMessage(forbidden('data', 'may not change'))).toBe('data: Forbidden: may not change');
    expect(fieldErrorMessage(duplicate('spec.ports[1].name', 'http'))).toBe('spec.ports[1].name: Duplicate value: "http"');
    expect(fieldErrorMessage(notSupported('spec.type', 'Foo', ['Opaque', 'kubernetes.io/tls']))).toBe(
      'spec.type: Unsupported value: "Foo": supported values: "Opaque", "kubernetes.io/tls"',
    );
    expect(fieldErrorMessage(notSupported('spec.type', 'Foo', []))).toBe('spec.type: Unsupported value: "Foo"');
    expect(fieldErrorMessage(tooLong('metadata.annotations', 'huge', 262144))).toBe(
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    );
    expect(fieldErrorBody(tooLong('f', 'ab', 1))).toBe('Too long: may not be more than 1 byte');
    expect(fieldErrorBody(tooLong('f', 'ab', -1))).toBe('Too long: value is too long');
  });

  it('omits the path prefix for an empty field', () => {
    expect(fieldErrorMessage(invalid('', 'k', 'd'))).toBe('Invalid value: "k": d');
  });

  it('aggregates like utilerrors.Aggregate', () => {
    expect(aggregateFieldErrors([])).toBe('');
    expect(aggregateFieldErrors([required('a')])).toBe('a: Required value');
    expect(aggregateFieldErrors([required('a'), required('b'), required('a')])).toBe('[a: Required value, b: Required value]');
  });

  it('goQuote escapes like strconv.Quote', () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\n\t\x00\x7f')).toBe('"\\n\\t\\x00\\x7f"');
    expect(goQuote('héllo')).toBe('"héllo"');
  });
});
