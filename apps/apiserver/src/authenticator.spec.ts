import { staticTokenAuthenticator } from './authenticator';

describe('staticTokenAuthenticator', () => {
  const authenticate = staticTokenAuthenticator(new Map([['t1', { name: 'admin', uid: 'u1', groups: ['system:masters'] }]]));

  it('maps a known token to its user plus system:authenticated', () => {
    expect(authenticate('t1')).toEqual({ username: 'admin', uid: 'u1', groups: ['system:masters', 'system:authenticated'] });
  });

  it('rejects unknown and missing tokens', () => {
    expect(authenticate('nope')).toBeUndefined();
    expect(authenticate(undefined)).toBeUndefined();
    expect(authenticate('')).toBeUndefined();
  });
});
