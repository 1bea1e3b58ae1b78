import type { KubeObject } from '@strata/apimachinery';
import { isStatusError } from '@strata/apimachinery';
import { normalizeSecret } from './strategy';

describe('secret normalization (decoding of v1 Secrets)', () => {
  it('merges stringData over data, drops it and defaults the type', () => {
    const s: KubeObject = { metadata: {}, data: { a: 'b2xk', b: 'Yg==' }, stringData: { a: 'new' } };
    normalizeSecret(s);
    expect(s).toEqual({ metadata: {}, data: { a: Buffer.from('new').toString('base64'), b: 'Yg==' }, type: 'Opaque' });
  });

  it('keeps an explicit type', () => {
    const s: KubeObject = { metadata: {}, type: 'kubernetes.io/tls' };
    normalizeSecret(s);
    expect(s['type']).toBe('kubernetes.io/tls');
  });

  it('rejects data values that are not base64 with a BadRequest', () => {
    let caught: unknown;
    try {
      normalizeSecret({ metadata: {}, data: { a: '%%%' } });
    } catch (err) {
      caught = err;
    }
    expect(isStatusError(caught) && caught.status.code).toBe(400);
  });
});
