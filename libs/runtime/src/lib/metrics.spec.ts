import { createMetricsRegistry } from './metrics';

describe('createMetricsRegistry', () => {
  it('has default process metrics labelled with the component, and is not the global registry', async () => {
    const a = createMetricsRegistry('a');
    const b = createMetricsRegistry('b');
    expect(a).not.toBe(b);
    const text = await a.metrics();
    expect(text).toMatch(/process_cpu_user_seconds_total\{component="a"\}/);
  });
});

