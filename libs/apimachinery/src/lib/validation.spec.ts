import { fieldErrorMessage } from './field-errors';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  regexError,
  validateAnnotations,
  validateDNS1123LabelName,
  validateLabels,
  validateObjectMetaName,
} from './validation';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const QNAME_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('regexError', () => {
  it('reproduces kube formatting with and without examples', () => {
    expect(regexError('m', 'f')).toBe("m (regex used for validation is 'f')");
    expect(regexError('m', 'f', 'a')).toBe("m (e.g. 'a', regex used for validation is 'f')");
    expect(regexError('m', 'f', 'a', 'b')).toBe("m (e.g. 'a',  or 'b', regex used for validation is 'f')");
  });
});

describe('isDNS1123Subdomain', () => {
  it('accepts valid subdomains up to 253', () => {
    for (const v of ['a', 'abc', 'a-b', 'a.b', '0', 'example.com', '1.2.3', 'a'.repeat(253)]) {
      expect(isDNS1123Subdomain(v)).toEqual([]);
    }
  });

  it('rejects bad ones with kube text', () => {
    for (const v of ['', 'A', 'a_b', '-a', 'a-', '.a', 'a.', 'a..b', 'a b', 'é']) {
      expect(isDNS1123Subdomain(v)).toEqual([SUBDOMAIN_MSG]);
    }
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
    expect(isDNS1123Subdomain('A'.repeat(254))).toEqual(['must be no more than 253 characters', SUBDOMAIN_MSG]);
  });
});

describe('isDNS1123Label', () => {
  it('accepts up to 63, rejects dots', () => {
    expect(isDNS1123Label('a'.repeat(63))).toEqual([]);
    expect(isDNS1123Label('my-name')).toEqual([]);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(isDNS1123Label('a.b')).toEqual([LABEL_MSG]);
    expect(isDNS1123Label('')).toEqual([LABEL_MSG]);
  });
});

describe('validateObjectMetaName', () => {
  it('validates names as subdomains', () => {
    expect(validateObjectMetaName('my-cm', false)).toEqual([]);
    expect(validateObjectMetaName('A_b', false)).toEqual([SUBDOMAIN_MSG]);
    expect(fieldErrorMessage({ type: 'FieldValueInvalid', field: 'metadata.name', badValue: 'A_b', detail: SUBDOMAIN_MSG })).toBe(
      `metadata.name: Invalid value: "A_b": ${SUBDOMAIN_MSG}`,
    );
  });

  it('allows a trailing dash for generateName prefixes', () => {
    expect(validateObjectMetaName('web-', true)).toEqual([]);
    expect(validateObjectMetaName('web-', false)).toEqual([SUBDOMAIN_MSG]);
    expect(validateObjectMetaName('-', true)).toEqual([SUBDOMAIN_MSG]);
    expect(validateObjectMetaName('Web-', true)).toEqual([SUBDOMAIN_MSG]);
    expect(validateDNS1123LabelName('ns-', true)).toEqual([]);
    expect(validateDNS1123LabelName('a.b-', true)).toEqual([LABEL_MSG]);
  });
});

describe('isQualifiedName', () => {
  it('accepts names with and without a prefix', () => {
    for (const v of ['a', 'A', 'app', 'My.Name_x-1', 'example.com/MyName', 'k8s.io/x', 'a'.repeat(63)]) {
      expect(isQualifiedName(v)).toEqual([]);
    }
  });

  it('reports each part like kube', () => {
    expect(isQualifiedName('')).toEqual(['name part must be non-empty', `name part ${QNAME_RULE}`]);
    expect(isQualifiedName('-a')).toEqual([`name part ${QNAME_RULE}`]);
    expect(isQualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(isQualifiedName('/a')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('Example.com/a')).toEqual([`prefix part ${SUBDOMAIN_MSG}`]);
    expect(isQualifiedName('a/')).toEqual(['name part must be non-empty', `name part ${QNAME_RULE}`]);
    expect(isQualifiedName('a/b/c')).toEqual([
      `a qualified name ${QNAME_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ]);
  });
});

describe('isValidLabelValue', () => {
  it('accepts empty and qualified values up to 63', () => {
    for (const v of ['', 'a', 'My_Value-1.x', 'v'.repeat(63)]) expect(isValidLabelValue(v)).toEqual([]);
  });

  it('rejects the rest', () => {
    expect(isValidLabelValue('-a')).toEqual([LABEL_VALUE_MSG]);
    expect(isValidLabelValue('a/b')).toEqual([LABEL_VALUE_MSG]);
    expect(isValidLabelValue('v'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('validateLabels', () => {
  it('reports at the given path, keys then values, in key order', () => {
    expect(validateLabels(undefined, 'metadata.labels')).toEqual([]);
    expect(validateLabels({ ok: 'fine' }, 'metadata.labels')).toEqual([]);
    const errs = validateLabels({ 'z-': 'ok', a: '-bad' }, 'metadata.labels');
    expect(errs.map(fieldErrorMessage)).toEqual([
      `metadata.labels: Invalid value: "-bad": ${LABEL_VALUE_MSG}`,
      `metadata.labels: Invalid value: "z-": name part ${QNAME_RULE}`,
    ]);
  });
});

describe('validateAnnotations', () => {
  it('checks keys case-insensitively as qualified names', () => {
    expect(validateAnnotations({ 'Example.COM/Thing': 'x' }, 'metadata.annotations')).toEqual([]);
    expect(validateAnnotations({ 'bad key': 'x' }, 'metadata.annotations').map(fieldErrorMessage)).toEqual([
      `metadata.annotations: Invalid value: "bad key": name part ${QNAME_RULE}`,
    ]);
  });

  it('limits keys plus values to 256 KiB in bytes', () => {
    const limit = 256 * 1024;
    expect(validateAnnotations({ k: 'x'.repeat(limit - 1) }, 'metadata.annotations')).toEqual([]);
    const over = validateAnnotations({ k: 'x'.repeat(limit) }, 'metadata.annotations');
    expect(over.map(fieldErrorMessage)).toEqual(['metadata.annotations: Too long: may not be more than 262144 bytes']);
    // Multi-byte characters count as bytes, as in Go.
    expect(validateAnnotations({ k: 'é'.repeat(limit / 2) }, 'metadata.annotations')).toHaveLength(1);
  });
});
