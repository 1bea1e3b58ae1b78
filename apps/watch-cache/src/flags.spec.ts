import { parseWatchCacheFlags } from './flags';

describe('watch-cache flags', () => {
  afterEach(() => {
    delete process.env['ETCD_ENDPOINTS'];
  });

  it('has defaults that run next to a local etcd', () => {
    expect(parseWatchCacheFlags([], true)).toEqual({
      etcdEndpoints: ['http://127.0.0.1:2379'],
      listenAddress: { host: '0.0.0.0', port: 50051 },
      metricsPort: 8081,
      cache: true,
      etcdCompactionIntervalSeconds: 300,
      logLevel: 'info',
    });
  });

  it('takes the compaction interval in whole seconds, 0 disabling it', () => {
    expect(parseWatchCacheFlags(['--etcd-compaction-interval-seconds', '0'], true).etcdCompactionIntervalSeconds).toBe(0);
    expect(() => parseWatchCacheFlags(['--etcd-compaction-interval-seconds', '1.5'], true)).toThrow();
  });

  it('reads flags and falls back to ETCD_ENDPOINTS', () => {
    process.env['ETCD_ENDPOINTS'] = 'http://10.0.0.1:2379,http://10.0.0.2:2379';
    const flags = parseWatchCacheFlags(['--listen-address', '127.0.0.1:7000', '--metrics-port', '0'], true);
    expect(flags.etcdEndpoints).toEqual(['http://10.0.0.1:2379', 'http://10.0.0.2:2379']);
    expect(flags.listenAddress).toEqual({ host: '127.0.0.1', port: 7000 });
    expect(flags.metricsPort).toBe(0);
  });

  it('can turn the cache off', () => {
    expect(parseWatchCacheFlags(['--cache=false'], true).cache).toBe(false);
    expect(() => parseWatchCacheFlags(['--cache=maybe'], true)).toThrow(/not a boolean/);
  });

  it('rejects a listen address without a port', () => {
    expect(() => parseWatchCacheFlags(['--listen-address', 'localhost'], true)).toThrow(/host:port/);
  });
});
