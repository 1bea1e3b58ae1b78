/** Percentile (nearest-rank) of an unsorted sample; NaN for an empty one. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Median of a sample. */
export function median(sample: readonly number[]): number {
  return percentile(sample, 50);
}

/** A bounded latency recorder: keeps a uniform reservoir of at most `capacity` samples plus exact count/sum. */
export class LatencyRecorder {
  private readonly samples: number[] = [];
  count = 0;
  sum = 0;
  max = 0;

  constructor(private readonly capacity = 200_000) {}

  record(ms: number): void {
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
    if (this.samples.length < this.capacity) {
      this.samples.push(ms);
      return;
    }
    const j = Math.floor(Math.random() * this.count);
    if (j < this.capacity) this.samples[j] = ms;
  }

  p(pct: number): number {
    return percentile(this.samples, pct);
  }
}

/** Formats rows as a fixed-width text table. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: readonly (string | number)[]) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Rounds for display: 3 significant digits below 100, integers above. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toString();
  return Number(n.toPrecision(3)).toString();
}
