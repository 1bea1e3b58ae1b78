import { humanDuration } from './human-duration';

describe('humanDuration (kube AGE column)', () => {
  it.each([
    [5_000, '5s'],
    [119_000, '119s'],
    [200_000, '3m20s'],
    [180_000, '3m'],
    [15 * 60_000, '15m'],
    [(5 * 60 + 30) * 60_000, '5h30m'],
    [20 * 3600_000, '20h'],
    [(2 * 24 + 3) * 3600_000, '2d3h'],
    [400 * 24 * 3600_000, '400d'],
    [(3 * 365 + 20) * 24 * 3600_000, '3y20d'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
