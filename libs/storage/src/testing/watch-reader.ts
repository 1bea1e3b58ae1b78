import type { WatchEvent } from '../lib/interfaces';

/**
 * Reads a storage watch in tests: `next()` with a timeout that does not lose the event it was waiting for,
 * `quiet()` to assert nothing arrives, `close()` aborts the watch.
 */
export class WatchReader {
  private readonly iterator: AsyncIterator<WatchEvent>;
  private pending: Promise<IteratorResult<WatchEvent>> | undefined;

  constructor(
    iterable: AsyncIterable<WatchEvent>,
    private readonly controller: AbortController,
  ) {
    this.iterator = iterable[Symbol.asyncIterator]();
  }

  /** The next event; rejects on timeout, on the end of the stream, or with the watch's error. */
  async next(timeoutMs = 10_000): Promise<WatchEvent> {
    const res = await this.race(timeoutMs);
    if (res === 'timeout') throw new Error(`no watch event within ${timeoutMs} ms`);
    if (res.done) throw new Error('watch ended');
    return res.value;
  }

  /** The next `n` events, skipping BOOKMARKs unless `keepBookmarks`. */
  async take(n: number, keepBookmarks = false, timeoutMs = 10_000): Promise<WatchEvent[]> {
    const out: WatchEvent[] = [];
    while (out.length < n) {
      const ev = await this.next(timeoutMs);
      if (ev.type !== 'BOOKMARK' || keepBookmarks) out.push(ev);
    }
    return out;
  }

  /** The next non-BOOKMARK event. */
  async nextChange(timeoutMs = 10_000): Promise<WatchEvent> {
    return (await this.take(1, false, timeoutMs))[0]!;
  }

  /** Resolves 'ended' when the stream ends, or rejects with its error; rejects on timeout or on an event. */
  async end(timeoutMs = 10_000): Promise<'ended'> {
    for (;;) {
      const res = await this.race(timeoutMs);
      if (res === 'timeout') throw new Error(`watch did not end within ${timeoutMs} ms`);
      if (res.done) return 'ended';
      if (res.value.type !== 'BOOKMARK') throw new Error(`unexpected ${res.value.type} event before the end`);
    }
  }

  /** Aborts the watch. */
  close(): void {
    this.controller.abort();
  }

  private async race(timeoutMs: number): Promise<IteratorResult<WatchEvent> | 'timeout'> {
    this.pending ??= this.iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const res = await Promise.race([this.pending, timeout]);
      if (res !== 'timeout') this.pending = undefined;
      return res;
    } catch (err) {
      this.pending = undefined;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
