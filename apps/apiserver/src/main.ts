import { readFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import express from 'express';
import { RemoteStorage } from '@strata/storage';
import { createApiServerApp } from '@strata/endpoints';
import {
  closeServer,
  createLogger,
  createMetricsRegistry,
  createObservabilityRouter,
  listen,
  loadTokenAuthFile,
  onShutdown,
} from '@strata/runtime';
import { parseApiServerFlags, servingUrl } from './flags';
import { staticTokenAuthenticator } from './authenticator';

// Wiring only: storage client → API app, /livez /readyz /metrics on the same HTTPS port.
async function main(): Promise<void> {
  const flags = parseApiServerFlags(process.argv.slice(2));
  const logger = createLogger('apiserver', flags.logLevel);
  const registry = createMetricsRegistry('apiserver');
  const [cert, key, users] = await Promise.all([
    readFile(flags.tlsCertFile),
    readFile(flags.tlsPrivateKeyFile),
    flags.tokenAuthFile ? loadTokenAuthFile(flags.tokenAuthFile) : Promise.resolve(new Map()),
  ]);
  if (users.size === 0) logger.warn('no --token-auth-file users: every API request will be rejected as Unauthorized');

  const storage = new RemoteStorage({ addresses: flags.storageAddresses, logger });
  let shuttingDown = false;
  const app = express();
  app.disable('x-powered-by');
  app.use(
    createObservabilityRouter({
      registry,
      logger,
      isShuttingDown: () => shuttingDown,
      readyChecks: {
        storage: async (signal) => {
          await storage.currentRevision({ signal });
        },
      },
    }),
  );

  const server = createServer({ cert, key }, app);
  const port = await listen(server, flags.securePort, flags.bindAddress);
  // The default external URL needs the port actually bound (--secure-port 0). The API is mounted in the same turn
  // of the event loop as the listen completed, before any connection is read.
  const externalUrl = flags.externalUrl ?? servingUrl(flags.bindAddress, port);
  app.use(createApiServerApp({ storage, logger, metrics: registry, authenticator: staticTokenAuthenticator(users), externalUrl }));
  logger.info({ port, bindAddress: flags.bindAddress, externalUrl, storageAddresses: flags.storageAddresses }, 'apiserver serving HTTPS');

  onShutdown(
    ['SIGTERM', 'SIGINT'],
    async () => {
      shuttingDown = true;
      await closeServer(server);
      storage.close();
    },
    { logger },
  );
}

main().catch((err: unknown) => {
  createLogger('apiserver', 'info').fatal({ err }, 'apiserver failed to start');
  process.exit(1);
});
