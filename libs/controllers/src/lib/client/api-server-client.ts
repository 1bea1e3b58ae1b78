import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error';
import { DEFAULT_USER_AGENT } from './kubeconfig';
import type { ApiServerConnection } from './kubeconfig';

/** One JSON request. */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the server URL, e.g. /api/v1/namespaces/default. */
  readonly path: string;
  readonly body?: unknown;
  /** Accept header; default application/json (e.g. aggregated discovery asks for its own media type). */
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

/** One JSON answer. */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Answers larger than this are refused: a controller never needs more, and a bound keeps memory bounded. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * A minimal JSON client of the apiserver (HTTPS with the connection's CA, bearer token). `request` resolves with
 * any HTTP status (callers decide what a 404 means); it rejects on network errors, an abort, a per-request timeout,
 * or an oversized answer.
 */
export class ApiServerClient {
  private readonly base: URL;

  constructor(
    private readonly connection: ApiServerConnection,
    private readonly timeoutMs = 15_000,
  ) {
    this.base = new URL(connection.server);
  }

  /** Sends one request; see the class comment for its errors. */
  async request(req: ApiRequest): Promise<ApiResponse> {
    const url = new URL(this.base.pathname.replace(/\/$/, '') + req.path, this.base);
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const headers: Record<string, string> = { Accept: req.accept ?? 'application/json', 'User-Agent': this.connection.userAgent ?? DEFAULT_USER_AGENT };
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    if (this.connection.token) headers['Authorization'] = `Bearer ${this.connection.token}`;
    const signal = req.signal ? AbortSignal.any([req.signal, AbortSignal.timeout(this.timeoutMs)]) : AbortSignal.timeout(this.timeoutMs);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<ApiResponse>((resolve, reject) => {
      const clientReq = send(url, { method: req.method, headers, ca: this.connection.caPem, signal }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) {
            res.destroy(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            // not JSON: keep the text, callers only read JSON from success answers
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      clientReq.on('error', reject);
      clientReq.end(payload);
    });
  }
}

/** Turns a non-2xx answer into an {@link ApiError} carrying the Status reason and message. */
export function toApiError(res: ApiResponse): ApiError {
  const status = res.body as { reason?: unknown; message?: unknown } | undefined;
  const reason = typeof status?.reason === 'string' ? status.reason : 'Unknown';
  const message = typeof status?.message === 'string' ? status.message : `the server answered ${res.status}`;
  return new ApiError(res.status, reason, message);
}
