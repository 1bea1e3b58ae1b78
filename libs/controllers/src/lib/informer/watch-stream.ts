import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../client/api-error';
import { DEFAULT_USER_AGENT } from '../client/kubeconfig';
import type { ApiServerConnection } from '../client/kubeconfig';

/** One event of a Kubernetes watch stream. `object` is a Status for ERROR events. */
export interface RawWatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: Record<string, unknown>;
}

/** A watch event line longer than this ends the stream: no object the controller watches is that large. */
const MAX_LINE_BYTES = 8 * 1024 * 1024;

/**
 * Opens `GET <path>` (a `?watch=1` URL) on the apiserver and yields its newline-delimited JSON events until the
 * server ends the stream or `signal` aborts (then it returns quietly). Rejects with an {@link ApiError} when the
 * server answers non-200 (e.g. 410 Expired for a too-old resourceVersion), or with the network error.
 */
export async function* openWatchStream(connection: ApiServerConnection, path: string, signal: AbortSignal): AsyncGenerator<RawWatchEvent> {
  const base = new URL(connection.server);
  const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': connection.userAgent ?? DEFAULT_USER_AGENT };
  if (connection.token) headers['Authorization'] = `Bearer ${connection.token}`;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(url, { method: 'GET', headers, ca: connection.caPem, signal }, resolve);
    req.on('error', reject);
    req.end();
  }).catch((err: unknown) => {
    if (signal.aborted) return undefined;
    throw err;
  });
  if (!res) return;
  if (res.statusCode !== 200) {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    let status: { reason?: unknown; message?: unknown } = {};
    try {
      status = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof status;
    } catch {
      // not a Status: keep the HTTP code only
    }
    throw new ApiError(
      res.statusCode ?? 0,
      typeof status.reason === 'string' ? status.reason : 'Unknown',
      typeof status.message === 'string' ? status.message : `watch answered ${res.statusCode}`,
    );
  }
  let pending = '';
  try {
    for await (const chunk of res) {
      pending += (chunk as Buffer).toString('utf8');
      if (pending.length > MAX_LINE_BYTES) throw new Error(`watch event larger than ${MAX_LINE_BYTES} bytes`);
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (line !== '') yield JSON.parse(line) as RawWatchEvent;
      }
    }
  } catch (err) {
    if (signal.aborted) return;
    throw err;
  } finally {
    res.destroy();
  }
}
