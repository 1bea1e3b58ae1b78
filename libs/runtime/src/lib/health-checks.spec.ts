import { runHealthChecks } from './health-checks';

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
