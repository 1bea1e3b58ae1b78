import { Registry } from 'prom-client';
import { FakeClock } from './fake-clock';
import { ItemExponentialFailureRateLimiter } from './rate-limiter';
import { WorkQueue } from './work-queue';

function queue(opts: { maxItems?: number; registry?: Registry; clock?: FakeClock } = {}) {
  const clock = opts.clock ?? new FakeClock();
  return { clock, q: new WorkQueue({ name: 'test', clock, ...opts, rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelayMs: 10, maxDelayMs: 100 }) }) };
}

describe('WorkQueue', () => {
  it('hands out each queued key once, in order, deduplicating while queued', async () => {
    const { q } = queue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.len()).toBe(0);
  });

  it('never gives one key to two workers: an add during processing requeues it after done', async () => {
    const { q } = queue();
    q.add('a');
    const first = await q.get();
    q.add('a');
    expect(q.len()).toBe(0);
    q.done(first ?? '');
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('a');
  });

  it('wakes a waiting get on add, and resolves undefined on shutdown or abort', async () => {
    const { q } = queue();
    const pending = q.get();
    q.add('x');
    expect(await pending).toBe('x');
    const abort = new AbortController();
    const aborted = q.get(abort.signal);
    abort.abort();
    expect(await aborted).toBeUndefined();
    const waiting = q.get();
    q.shutDown();
    q.shutDown();
    expect(await waiting).toBeUndefined();
    expect(q.add('y')).toBe(false);
  });

  it('backs off exponentially per item up to the cap, and forget starts over', async () => {
    const { q, clock } = queue();
    for (const expected of [10, 20, 40, 80, 100, 100]) {
      q.addRateLimited('a');
      clock.advance(expected - 1);
      expect(q.len()).toBe(0);
      clock.advance(1);
      expect(q.len()).toBe(1);
      q.done((await q.get()) ?? '');
    }
    expect(q.numRequeues('a')).toBe(6);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
    q.addRateLimited('a');
    clock.advance(10);
    expect(q.len()).toBe(1);
  });

  it('addAfter keeps the earliest time for a waiting item and does not hot-loop timers', () => {
    const { q, clock } = queue();
    q.addAfter('a', 500);
    q.addAfter('a', 100);
    q.addAfter('a', 900);
    expect(q.waitingLen()).toBe(1);
    clock.advance(99);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    clock.advance(1000);
    expect(q.len()).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('is bounded: adds past maxItems are refused and counted', async () => {
    const registry = new Registry();
    const { q } = queue({ maxItems: 2, registry });
    expect(q.add('a')).toBe(true);
    expect(q.add('b')).toBe(true);
    expect(q.add('c')).toBe(false);
    expect(q.addAfter('d', 10)).toBe(false);
    expect(q.add('a')).toBe(true);
    expect(await registry.metrics()).toContain('workqueue_dropped_total{name="test"} 2');
  });

  it('exports the client-go workqueue metrics labelled only by queue name', async () => {
    const registry = new Registry();
    const { q, clock } = queue({ registry });
    q.add('a');
    q.add('b');
    clock.advance(2000);
    const item = await q.get();
    clock.advance(3000);
    let text = await registry.metrics();
    expect(text).toContain('workqueue_adds_total{name="test"} 2');
    expect(text).toContain('workqueue_depth{name="test"} 1');
    expect(text).toContain('workqueue_unfinished_work_seconds{name="test"} 3');
    expect(text).toContain('workqueue_longest_running_processor_seconds{name="test"} 3');
    expect(text).toContain('workqueue_queue_duration_seconds_count{name="test"} 1');
    expect(text).toContain('workqueue_queue_duration_seconds_sum{name="test"} 2');
    q.done(item ?? '');
    q.addRateLimited('a');
    text = await registry.metrics();
    expect(text).toContain('workqueue_work_duration_seconds_sum{name="test"} 3');
    expect(text).toContain('workqueue_retries_total{name="test"} 1');
    expect(text).toContain('workqueue_unfinished_work_seconds{name="test"} 0');
    // A second queue on the same registry shares the metrics instead of failing to register them again.
    const other = new WorkQueue({ name: 'other', registry });
    other.add('z');
    expect(await registry.metrics()).toContain('workqueue_adds_total{name="other"} 1');
  });
});
