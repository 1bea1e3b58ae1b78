import type { Response } from 'express';

/**
 * Writes one piece of a streamed body (watch events, a LIST body) respecting back-pressure: a slow reader blocks the
 * writer instead of growing the socket buffer without bound. Resolves once the piece is accepted, or when `signal`
 * aborts (the client went away: the caller stops).
 */
export async function writeChunk(res: Response, chunk: string | Buffer, signal: AbortSignal | undefined): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    signal?.addEventListener('abort', done);
  });
}
