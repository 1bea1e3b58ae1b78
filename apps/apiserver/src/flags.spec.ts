import { parseApiServerFlags } from './flags';

describe('apiserver flags', () => {
  const tls = ['--tls-cert-file', 'c.pem', '--tls-private-key-file', 'k.pem'];

  it('defaults to port 6443 and a local watch-cache', () => {
    expect(parseApiServerFlags(tls, true)).toEqual({
      storageAddresses: ['127.0.0.1:50051'],
      securePort: 6443,
      bindAddress: '0.0.0.0',
      tlsCertFile: 'c.pem',
      tlsPrivateKeyFile: 'k.pem',
      logLevel: 'info',
    });
  });

  it('takes several storage addresses and a token file', () => {
    const flags = parseApiServerFlags([...tls, '--storage-addresses', 'a:1,b:2', '--token-auth-file', 't.csv', '--secure-port', '0'], true);
    expect(flags.storageAddresses).toEqual(['a:1', 'b:2']);
    expect(flags.tokenAuthFile).toBe('t.csv');
    expect(flags.securePort).toBe(0);
  });

  it('requires the serving certificate and key', () => {
    expect(() => parseApiServerFlags([], true)).toThrow(/tls-cert-file/);
  });
});
