import { EventEmitter } from 'node:events';
import { onShutdown } from './shutdown';

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

