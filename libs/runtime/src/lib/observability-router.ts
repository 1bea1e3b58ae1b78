import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from './logger';
import { renderHealthReport, runHealthChecks } from './health-checks';
import type { HealthCheck } from './health-checks';

/** Options of {@link createObservabilityRouter}. */
export interface ObservabilityRouterOptions {
  /** The app's registry, served on /metrics. */
  readonly registry: Registry;
  /** Checks behind /readyz (besides `ping`), e.g. `{ etcd: ... }`. */
  readonly readyChecks?: Readonly<Record<string, HealthCheck>>;
  /** Checks behind /livez (besides `ping`); keep them cheap and local: a failing liveness check gets a pod killed. */
  readonly liveChecks?: Readonly<Record<string, HealthCheck>>;
  /** When it returns true, /readyz fails its `shutdown` check, so load balancers drain before the process exits. */
  readonly isShuttingDown?: () => boolean;
  /** Per-check time limit; default 5 s. */
  readonly checkTimeoutMs?: number;
  /** Failed checks are logged here (the HTTP body withholds the reason, as kube-apiserver does). */
  readonly logger?: Logger;
}

/**
 * An express router serving kube-style `/livez` and `/readyz` (with `?verbose`, `?exclude=<name>` and
 * `/<endpoint>/<check>`; 200 when every check passes, 500 otherwise) and the Prometheus `/metrics` of one registry.
 * It never throws to express: every failure becomes a response.
 */
export function createObservabilityRouter(opts: ObservabilityRouterOptions): Router {
  const timeoutMs = opts.checkTimeoutMs ?? 5000;
  const ping: HealthCheck = async () => undefined;
  const live: Record<string, HealthCheck> = { ping, ...opts.liveChecks };
  const ready: Record<string, HealthCheck> = { ping, ...opts.readyChecks };
  const isShuttingDown = opts.isShuttingDown;
  if (isShuttingDown) {
    ready['shutdown'] = async () => {
      if (isShuttingDown()) throw new Error('process is shutting down');
    };
  }

  const router = Router();
  const serve = (endpoint: string, checks: Record<string, HealthCheck>) => {
    router.get(`/${endpoint}`, async (req: Request, res: Response) => {
      const excluded = new Set(asList(req.query['exclude']));
      const chosen = Object.fromEntries(Object.entries(checks).filter(([name]) => !excluded.has(name)));
      const results = await runHealthChecks(chosen, timeoutMs);
      const failed = results.filter((r) => !r.ok);
      for (const f of failed) opts.logger?.warn({ endpoint, check: f.name, reason: f.reason }, 'health check failed');
      res.status(failed.length === 0 ? 200 : 500).type('text/plain; charset=utf-8');
      if (failed.length === 0 && req.query['verbose'] === undefined) {
        res.send('ok');
        return;
      }
      res.send(renderHealthReport(endpoint, results));
    });
    router.get(`/${endpoint}/:check`, async (req: Request, res: Response) => {
      const name = String(req.params['check']);
      const check = checks[name];
      res.type('text/plain; charset=utf-8');
      if (!check) {
        res.status(404).send('404 page not found\n');
        return;
      }
      const [result] = await runHealthChecks({ [name]: check }, timeoutMs);
      if (result?.ok) {
        res.status(200).send('ok');
        return;
      }
      opts.logger?.warn({ endpoint, check: name, reason: result?.reason }, 'health check failed');
      res.status(500).send(`internal server error: ${name} check failed\n`);
    });
  };
  serve('livez', live);
  serve('readyz', ready);

  router.get('/metrics', async (_req: Request, res: Response) => {
    try {
      const body = await opts.registry.metrics();
      res.status(200).type(opts.registry.contentType).send(body);
    } catch (err) {
      opts.logger?.error({ err }, 'collecting metrics failed');
      res.status(500).type('text/plain').send('collecting metrics failed\n');
    }
  });
  return router;
}

function asList(value: unknown): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}
