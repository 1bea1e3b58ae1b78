import { fieldErrorMessage } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import { validateSecret, validateSecretUpdate } from './validation';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (extra: Record<string, unknown>): KubeObject => ({ metadata: { name: 's', namespace: 'default' }, type: 'Opaque', ...extra });
const msgs = (o: KubeObject) => validateSecret(o).map(fieldErrorMessage);

describe('secret validation', () => {
  it('accepts an Opaque secret', () => {
    expect(msgs(secret({ data: { 'a.b': b64('x') } }))).toEqual([]);
  });

  it('requires tls.crt and tls.key for kubernetes.io/tls', () => {
    expect(msgs(secret({ type: 'kubernetes.io/tls', data: {} }))).toEqual(['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
  });

  it('requires .dockerconfigjson to be a JSON object', () => {
    const type = 'kubernetes.io/dockerconfigjson';
    expect(msgs(secret({ type, data: { '.dockerconfigjson': b64('{"auths":{}}') } }))).toEqual([]);
    expect(msgs(secret({ type, data: { '.dockerconfigjson': b64('[1]') } }))).toEqual([
      'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
    ]);
  });

  it('requires the service account annotation on service account tokens', () => {
    const type = 'kubernetes.io/service-account-token';
    expect(msgs(secret({ type }))).toEqual(['metadata.annotations[kubernetes.io/service-account.name]: Required value']);
    const annotated = secret({ type });
    annotated.metadata.annotations = { 'kubernetes.io/service-account.name': 'sa' };
    expect(msgs(annotated)).toEqual([]);
  });

  it('limits the decoded data to 1 MiB', () => {
    expect(msgs(secret({ data: { a: Buffer.alloc(1024 * 1024 + 1).toString('base64') } }))).toEqual(['data: Too long: may not be more than 1048576 bytes']);
  });

  it('forbids changing data or unsetting immutable on an immutable secret', () => {
    const old = { ...secret({ data: { a: b64('1') }, immutable: true }), metadata: { name: 's', namespace: 'default', uid: 'u' } };
    const next = { ...old, immutable: false, data: { a: b64('2') } };
    expect(validateSecretUpdate(next, old).map(fieldErrorMessage)).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});
