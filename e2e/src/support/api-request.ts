import { request } from 'node:https';

/** One raw HTTPS answer. */
export interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/**
 * Sends one raw HTTPS request to the apiserver (trusting only `caPem`), with the bearer `token` when given.
 * `body` is sent as is, so tests can send malformed or oversized payloads. Rejects on network errors.
 */
export function apiRequest(
  server: string,
  caPem: string,
  opts: { method: string; path: string; token?: string; body?: string | Buffer; contentType?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (opts.token) headers['Authorization'] = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    const req = request(new URL(opts.path, server), { method: opts.method, headers, ca: caPem, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    // The server may answer (413) and close before reading a large body: that is an answer, not a failure.
    req.on('error', reject);
    req.end(opts.body);
  });
}
