/** A named health check: resolves when healthy, rejects (with a reason) when not. */
export type HealthCheck = (signal: AbortSignal) => Promise<void>;

/** The outcome of one check. */
export interface HealthCheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly reason?: string;
}

/**
 * Runs every check concurrently, each bounded by `timeoutMs` (a check still pending then counts as failed).
 * Never rejects: failures are results. The order of the results is the order of `checks`.
 */
export async function runHealthChecks(
  checks: Readonly<Record<string, HealthCheck>>,
  timeoutMs: number,
): Promise<HealthCheckResult[]> {
  return Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<HealthCheckResult> => {
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
      });
      try {
        await Promise.race([check(controller.signal), timeout]);
        return { name, ok: true };
      } catch (err) {
        return { name, ok: false, reason: err instanceof Error ? err.message : String(err) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

/**
 * Renders results the way kube-apiserver's /livez and /readyz do: `[+]name ok` / `[-]name failed: reason withheld`
 * lines, then `<endpoint> check passed|failed`. Kubernetes withholds failure reasons from the body (they go to the
 * log), and so do we.
 */
export function renderHealthReport(endpoint: string, results: readonly HealthCheckResult[]): string {
  const lines = results.map((r) => (r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed: reason withheld`));
  const passed = results.every((r) => r.ok);
  lines.push(`${endpoint} check ${passed ? 'passed' : 'failed'}`);
  return lines.join('\n') + '\n';
}
