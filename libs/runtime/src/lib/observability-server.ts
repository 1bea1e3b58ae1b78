import { createServer } from 'node:http';
import express from 'express';
import { createObservabilityRouter } from './observability-router';
import type { ObservabilityRouterOptions } from './observability-router';
import { closeServer, listen } from './http-server';

/** Options of {@link startObservabilityServer}. */
export interface ObservabilityServerOptions extends ObservabilityRouterOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Default 0.0.0.0 so Prometheus can scrape from outside. */
  readonly host?: string;
}

/** A running observability server. */
export interface ObservabilityServer {
  /** The bound port. */
  readonly port: number;
  /** Closes the server; idempotent. */
  stop(): Promise<void>;
}

/**
 * Serves /livez, /readyz and /metrics over plain HTTP on their own port, for apps without an HTTP API of their own
 * (watch-cache, workspace-controller). Rejects when the port cannot be bound.
 */
export async function startObservabilityServer(opts: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(createObservabilityRouter(opts));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('404 page not found\n');
  });
  const server = createServer(app);
  const port = await listen(server, opts.port, opts.host ?? '0.0.0.0');
  let stopped: Promise<void> | undefined;
  return {
    port,
    stop: () => (stopped ??= closeServer(server, 1000)),
  };
}
