import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Storage } from '@strata/storage';
import { Etcd3Storage, createEtcdClient } from '@strata/storage-server';
// Test-only harness: the standard requires a real etcd, which only the testing lib starts.
import { EtcdProcess } from '@strata/testing';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createApiServerApp } from '../lib/app';
import type { UserInfo } from '../lib/authentication';

/** The token the test server accepts. */
export const TEST_TOKEN = 'test-token';

/** A real etcd + the API app on a loopback port; `stop()` closes everything and is idempotent. */
export interface TestApiServer {
  readonly url: string;
  readonly metrics: Registry;
  readonly etcd: EtcdProcess;
  stop(): Promise<void>;
}

/**
 * Starts etcd and the app (plain HTTP, port 0; its URL is the app's externalUrl, so Workspace URLs point back at
 * it). Cleans up what it started when a step fails. `allowNoToken` also
 * admits requests without a token, because kubectl never sends a bearer token over plain HTTP. `users` maps extra
 * bearer tokens to users (TEST_TOKEN is always `admin` in system:masters).
 */
export async function startTestApiServer(
  opts: {
    logLevel?: string;
    allowNoToken?: boolean;
    users?: Readonly<Record<string, UserInfo>>;
    /** Wraps the etcd storage the app uses (fault injection around the real storage). */
    wrapStorage?: (storage: Storage) => Storage;
  } = {},
): Promise<TestApiServer> {
  const etcd = await EtcdProcess.start();
  const etcdClient = createEtcdClient(etcd.endpoint);
  let server: Server | undefined;
  let stopped = false;
  const metrics = new Registry();
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    }
    etcdClient.close();
    await etcd.stop();
  };
  try {
    const etcdStorage = new Etcd3Storage({ etcdClient });
    const storage = opts.wrapStorage ? opts.wrapStorage(etcdStorage) : etcdStorage;
    // Listening first tells the port, hence the URL the app needs; requests are handled once the app is attached,
    // in the same turn of the event loop, before any connection can be read.
    const listening = createServer();
    server = listening;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(0, '127.0.0.1', () => resolve());
    });
    const url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    const app = createApiServerApp({
      storage,
      externalUrl: url,
      logger: pino({ level: opts.logLevel ?? 'silent' }),
      metrics,
      authenticator: (token) =>
        (token !== undefined ? opts.users?.[token] : undefined) ??
        (token === TEST_TOKEN || (opts.allowNoToken && token === undefined)
          ? { username: 'admin', groups: ['system:masters'] }
          : undefined),
    });
    listening.on('request', app);
    return { url, metrics, etcd, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
