import { Command } from 'commander';
import { envOption, parseHostPort, parseList, parsePort, parseBoolean } from './flags';

describe('flags', () => {
  const program = () =>
    new Command()
      .exitOverride()
      .configureOutput({ writeErr: () => undefined })
      .addOption(envOption('--etcd-endpoints <list>', 'etcd', 'TEST_ETCD_ENDPOINTS', parseList, ['http://127.0.0.1:2379']))
      .addOption(envOption('--port <n>', 'port', 'TEST_PORT', parsePort, 8080));

  afterEach(() => {
    delete process.env['TEST_ETCD_ENDPOINTS'];
    delete process.env['TEST_PORT'];
  });

  it('takes the command line over the environment over the default', () => {
    expect(program().parse([], { from: 'user' }).opts()).toEqual({ etcdEndpoints: ['http://127.0.0.1:2379'], port: 8080 });
    process.env['TEST_ETCD_ENDPOINTS'] = 'http://a:1, http://b:2';
    expect(program().parse([], { from: 'user' }).opts()['etcdEndpoints']).toEqual(['http://a:1', 'http://b:2']);
    expect(program().parse(['--etcd-endpoints', 'http://c:3'], { from: 'user' }).opts()['etcdEndpoints']).toEqual(['http://c:3']);
  });

  it('rejects bad values', () => {
    expect(() => program().parse(['--port', '70000'], { from: 'user' })).toThrow(/not a port number/);
    expect(() => parseList(' , ')).toThrow();
    expect(() => parseHostPort('nohost')).toThrow();
    expect(() => parseBoolean('maybe')).toThrow();
  });

  it('parses host:port including IPv6 and an empty host', () => {
    expect(parseHostPort('127.0.0.1:50051')).toEqual({ host: '127.0.0.1', port: 50051 });
    expect(parseHostPort('[::1]:9')).toEqual({ host: '::1', port: 9 });
    expect(parseHostPort(':9')).toEqual({ host: '0.0.0.0', port: 9 });
  });
});

