import type { Logger } from './logger';

/** Options of {@link onShutdown}. */
export interface ShutdownOptions {
  readonly logger?: Logger;
  /** Give up on a clean stop after this long and exit with 1; default 20 s (below Kubernetes' 30 s grace period). */
  readonly timeoutMs?: number;
  /** Injected for tests; default process.exit. */
  readonly exit?: (code: number) => void;
  /** Injected for tests; default process. */
  readonly emitter?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/**
 * Runs `stop` once on the first of `signals` (e.g. SIGTERM, SIGINT), then exits 0, or 1 when `stop` rejects or
 * outlasts the timeout. A second signal while stopping exits 1 at once (an impatient Ctrl-C must still work).
 * Returns a function that removes the handlers.
 */
export function onShutdown(
  signals: readonly NodeJS.Signals[],
  stop: (signal: NodeJS.Signals) => Promise<void>,
  opts: ShutdownOptions = {},
): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const emitter = opts.emitter ?? process;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      opts.logger?.warn({ signal }, 'second signal while shutting down, exiting now');
      exit(1);
      return;
    }
    stopping = true;
    opts.logger?.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      opts.logger?.error({ timeoutMs }, 'clean shutdown timed out');
      exit(1);
    }, timeoutMs);
    timer.unref();
    stop(signal).then(
      () => {
        clearTimeout(timer);
        opts.logger?.info('stopped');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        opts.logger?.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  for (const s of signals) emitter.on(s, handler);
  return () => {
    for (const s of signals) emitter.off(s, handler);
  };
}
