import { Registry } from 'prom-client';
import { Backoff } from './backoff';
import { PeriodicReconciler } from './periodic-reconciler';
import type { Sleep } from './periodic-reconciler';

describe('Backoff', () => {
  it('grows by the factor up to the cap, with jitter, and resets', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 500, factor: 2, jitter: 0.5, random: () => 0 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 500, 500]);
    b.reset();
    expect(b.next()).toBe(100);
    const j = new Backoff({ initialMs: 100, jitter: 0.5, random: () => 1 });
    expect(j.next()).toBe(150);
  });
});

describe('PeriodicReconciler', () => {
  it('retries failures with backoff, then resyncs on the period after a success', async () => {
    const delays: number[] = [];
    let outcomes = ['fail', 'fail', 'ok', 'ok'];
    const stopper = new AbortController();
    const sleep: Sleep = async (ms, signal) => {
      delays.push(ms);
      if (outcomes.length > 0) return;
      // Park the loop until stop() so the test sees exactly the passes it scripted.
      stopper.abort();
      await new Promise<void>((r) => signal.addEventListener('abort', () => r()));
    };
    const registry = new Registry();
    const reconciler = new PeriodicReconciler({
      name: 'root-workspace',
      resyncMs: 30_000,
      backoff: new Backoff({ initialMs: 10, factor: 2, jitter: 0 }),
      sleep,
      registry,
      reconcile: async () => {
        const next = outcomes[0];
        outcomes = outcomes.slice(1);
        if (next === 'fail') throw new Error('apiserver not up');
      },
    });
    expect(reconciler.hasSynced()).toBe(false);
    reconciler.start();
    await new Promise<void>((r) => stopper.signal.addEventListener('abort', () => r()));
    await reconciler.stop();
    expect(delays).toEqual([10, 20, 30_000, 30_000]);
    expect(reconciler.hasSynced()).toBe(true);
    const text = await registry.metrics();
    expect(text).toContain('controller_runtime_reconcile_total{controller="root-workspace",result="error"} 2');
    expect(text).toContain('controller_runtime_reconcile_total{controller="root-workspace",result="success"} 2');
  });

  it('with maxDutyCycle, a long pass stretches the wait after it; a short one keeps the period', async () => {
    const delays: number[] = [];
    let clock = 0;
    const passMs = [50, 400, 20];
    const stopper = new AbortController();
    const sleep: Sleep = async (ms, signal) => {
      delays.push(ms);
      if (delays.length < passMs.length) return;
      stopper.abort();
      await new Promise<void>((r) => signal.addEventListener('abort', () => r()));
    };
    let pass = 0;
    const reconciler = new PeriodicReconciler({
      name: 'garbage-collector',
      resyncMs: 1000,
      maxDutyCycle: 0.1,
      now: () => clock,
      sleep,
      reconcile: async () => {
        clock += passMs[pass++] ?? 0;
      },
    });
    reconciler.start();
    await new Promise<void>((r) => stopper.signal.addEventListener('abort', () => r()));
    await reconciler.stop();
    // 50 ms at 10%: 450 ms < the 1 s period; 400 ms: 3.6 s; 20 ms: the period again.
    expect(delays).toEqual([1000, 3600, 1000]);
  });

  it('stop is idempotent and ends a pending sleep', async () => {
    const reconciler = new PeriodicReconciler({ name: 'x', resyncMs: 60_000, reconcile: async () => undefined });
    reconciler.start();
    await new Promise((r) => setTimeout(r, 10));
    await reconciler.stop();
    await reconciler.stop();
    expect(reconciler.hasSynced()).toBe(true);
  });
});
