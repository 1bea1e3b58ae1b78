import { isConfigMapKey } from './validation';

describe('isConfigMapKey', () => {
  it("words an invalid key exactly like kube's RegexError, double spaces included", () => {
    expect(isConfigMapKey('no/slash')).toEqual([
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' " +
        "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    expect(isConfigMapKey('ok.key-1_A')).toEqual([]);
    expect(isConfigMapKey('..x')).toEqual(["must not start with '..'"]);
  });
});
