import { EventEmitter } from 'node:events';
import { Command } from 'commander';
import { envOption, parseHostPort, parseList, parsePort, parseBoolean } from './flags';
import { createMetricsRegistry } from './metrics';
import { onShutdown } from './shutdown';
import { runHealthChecks } from './health-checks';

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

describe('createMetricsRegistry', () => {
  it('has default process metrics labelled with the component, and is not the global registry', async () => {
    const a = createMetricsRegistry('a');
    const b = createMetricsRegistry('b');
    expect(a).not.toBe(b);
    const text = await a.metrics();
    expect(text).toMatch(/process_cpu_user_seconds_total\{component="a"\}/);
  });
});

describe('onShutdown', () => {
  it('stops once on the first signal and exits 0, and exits 1 on a second signal', async () => {
    const emitter = new EventEmitter();
    const codes: number[] = [];
    let stops = 0;
    let release!: () => void;
    const dispose = onShutdown(
      ['SIGTERM', 'SIGINT'],
      async () => {
        stops++;
        await new Promise<void>((r) => (release = r));
      },
      { emitter: emitter as unknown as NodeJS.Process, exit: (c) => codes.push(c) },
    );
    emitter.emit('SIGTERM', 'SIGTERM');
    expect(stops).toBe(1);
    emitter.emit('SIGINT', 'SIGINT');
    expect(codes).toEqual([1]);
    release();
    await new Promise((r) => setImmediate(r));
    expect(codes).toEqual([1, 0]);
    expect(stops).toBe(1);
    dispose();
    expect(emitter.listenerCount('SIGTERM')).toBe(0);
  });

  it('exits 1 when stopping fails', async () => {
    const emitter = new EventEmitter();
    const codes: number[] = [];
    onShutdown(['SIGTERM'], async () => Promise.reject(new Error('boom')), {
      emitter: emitter as unknown as NodeJS.Process,
      exit: (c) => codes.push(c),
    });
    emitter.emit('SIGTERM', 'SIGTERM');
    await new Promise((r) => setImmediate(r));
    expect(codes).toEqual([1]);
  });
});

describe('runHealthChecks', () => {
  it('fails a check that outlasts the timeout and aborts its signal', async () => {
    let aborted = false;
    const results = await runHealthChecks(
      {
        slow: (signal) =>
          new Promise<void>((resolve) => {
            signal.addEventListener('abort', () => {
              aborted = true;
              setTimeout(resolve, 100);
            });
          }),
      },
      20,
    );
    expect(results).toEqual([{ name: 'slow', ok: false, reason: 'timed out after 20 ms' }]);
    expect(aborted).toBe(true);
  });
});
