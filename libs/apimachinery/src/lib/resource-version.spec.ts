import { ResourceVersionParseError, formatResourceVersion, parseResourceVersion } from './resource-version';

function parseError(rv: string): ResourceVersionParseError {
  try {
    parseResourceVersion(rv);
  } catch (e) {
    expect(e).toBeInstanceOf(ResourceVersionParseError);
    return e as ResourceVersionParseError;
  }
  throw new Error(`expected ${rv} to fail`);
}

describe('parseResourceVersion', () => {
  it('treats unset, empty and "0" as 0', () => {
    expect(parseResourceVersion(undefined)).toBe(0);
    expect(parseResourceVersion('')).toBe(0);
    expect(parseResourceVersion('0')).toBe(0);
  });

  it('parses decimal integers like strconv.ParseUint', () => {
    expect(parseResourceVersion('1')).toBe(1);
    expect(parseResourceVersion('123456')).toBe(123456);
    expect(parseResourceVersion('007')).toBe(7);
    expect(parseResourceVersion(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('rejects everything else with kube text', () => {
    const e = parseError('abc');
    expect(e.message).toBe('resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax');
    expect(e.resourceVersion).toBe('abc');
    expect(e.fieldError).toEqual({
      type: 'FieldValueInvalid',
      field: 'resourceVersion',
      badValue: 'abc',
      detail: 'strconv.ParseUint: parsing "abc": invalid syntax',
    });
    for (const rv of ['-1', '+1', '1.5', ' 1', '1e3', '0x10', '１']) {
      expect(parseError(rv).message).toBe(
        `resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`,
      );
    }
    expect(parseError('99999999999999999999').message).toBe(
      'resourceVersion: Invalid value: "99999999999999999999": strconv.ParseUint: parsing "99999999999999999999": value out of range',
    );
  });

  it('formats as a decimal string', () => {
    expect(formatResourceVersion(42)).toBe('42');
    expect(parseResourceVersion(formatResourceVersion(42))).toBe(42);
  });
});
