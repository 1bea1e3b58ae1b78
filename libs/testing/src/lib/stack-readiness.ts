import { get as httpsGet } from 'node:https';
import { get as httpGet } from 'node:http';
import type { StackProcess } from './stack-process';

/**
 * The HTTP status of GET `url` (https with `caPem` as the only trusted CA), or rejects on a network error or
 * after `timeoutMs`.
 */
export function probeStatus(url: string, caPem?: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, { ca: caPem, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/**
 * Polls `url` until it answers 200. Rejects as soon as `proc` exits (with its last output, the likely reason), when
 * `timeoutMs` passes (with the last probe error), or when `signal` aborts.
 */
export async function waitUntilReady(
  what: string,
  url: string,
  opts: { proc?: StackProcess; caPem?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    opts.signal?.throwIfAborted();
    if (opts.proc?.hasExited) {
      throw new Error(`${what} exited (${opts.proc.exitDescription}) before it was ready; its last output:\n${opts.proc.tail()}`);
    }
    try {
      const status = await probeStatus(url, opts.caPem);
      if (status === 200) return;
      last = `HTTP ${status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) {
      const output = opts.proc ? `; its last output:\n${opts.proc.tail()}` : '';
      throw new Error(`${what} not ready at ${url} after ${opts.timeoutMs} ms (${last})${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
