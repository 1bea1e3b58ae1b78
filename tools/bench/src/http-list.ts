import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiServerApp } from '@strata/endpoints';
import type { Storage } from '@strata/storage';
import pino from 'pino';
import { Registry } from 'prom-client';

/** An in-process apiserver app over a given storage, on a loopback port; `stop()` closes it. */
export interface BenchApiServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the real apiserver app (createApiServerApp) over `storage`. Every request is admin (system:masters) and
 * every workspace name resolves to the cluster id `cluster`, so the benchmark's keys are served as they are.
 */
export async function startBenchApiServer(storage: Storage, cluster: string): Promise<BenchApiServer> {
  const app = createApiServerApp({
    storage,
    logger: pino({ level: 'silent' }),
    metrics: new Registry(),
    authenticator: () => ({ username: 'admin', groups: ['system:masters'] }),
    clusterResolver: { resolve: async () => cluster },
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** GETs `url` and reads the whole body (not parsed); rejects on a status other than 200. Returns the body. */
export function httpGet(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) reject(new Error(`GET ${url}: ${res.statusCode} ${body.toString().slice(0, 300)}`));
        else resolve(body);
      });
    });
    req.on('error', reject);
    req.end();
  });
}
