import { parseApiServerFlags, servingUrl } from './flags';

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

  it('takes the external URL without trailing slashes and rejects what is not an http(s) base URL', () => {
    expect(parseApiServerFlags([...tls, '--external-url', 'https://strata.example:6443/'], true).externalUrl).toBe('https://strata.example:6443');
    expect(parseApiServerFlags([...tls, '--external-url', 'https://lb.example/strata//'], true).externalUrl).toBe('https://lb.example/strata');
    for (const bad of ['strata.example:6443', 'ftp://x', 'https://x/?a=b', 'https://x/#f', 'not a url']) {
      expect(() => parseApiServerFlags([...tls, '--external-url', bad], true)).toThrow(/external-url/);
    }
  });

  it('defaults the external URL to its own serving URL, loopback when bound to every address', () => {
    expect(servingUrl('0.0.0.0', 6443)).toBe('https://127.0.0.1:6443');
    expect(servingUrl('::', 443)).toBe('https://127.0.0.1:443');
    expect(servingUrl('10.0.0.7', 8443)).toBe('https://10.0.0.7:8443');
    expect(servingUrl('::1', 6443)).toBe('https://[::1]:6443');
  });

  it('requires the serving certificate and key', () => {
    expect(() => parseApiServerFlags([], true)).toThrow(/tls-cert-file/);
  });
});
