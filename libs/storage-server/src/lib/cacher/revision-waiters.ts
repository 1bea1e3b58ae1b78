/**
 * Reads waiting for the cache to reach a revision. Each waiter is settled by {@link reached}, its timeout, its
 * signal or {@link cancelAll}; the set is bounded by the number of reads in flight.
 */
export class RevisionWaiters {
  private readonly waiting = new Set<{ revision: number; settle: (reached: boolean) => void }>();

  /** Resolves true once `reached(r)` was called with r ≥ revision, false after `timeoutMs` or on cancelAll. */
  wait(revision: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter = {
        revision,
        settle: (reached: boolean) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.waiting.delete(waiter);
          resolve(reached);
        },
      };
      const onAbort = () => waiter.settle(false);
      const timer = setTimeout(() => waiter.settle(false), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.add(waiter);
      if (signal?.aborted) onAbort();
    });
  }

  reached(revision: number): void {
    for (const w of [...this.waiting]) if (w.revision <= revision) w.settle(true);
  }

  cancelAll(): void {
    for (const w of [...this.waiting]) w.settle(false);
  }
}
