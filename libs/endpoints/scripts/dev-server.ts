// Starts a real etcd and the API app on plain HTTP for trying kubectl by hand:
//   npx ts-node -r tsconfig-paths/register libs/endpoints/scripts/dev-server.ts
//   kubectl --server http://127.0.0.1:PORT get cm     (kubectl sends no token over plain HTTP; this server admits that)
import { TEST_TOKEN, startTestApiServer } from '../src/testing/test-api-server';

async function main(): Promise<void> {
  const server = await startTestApiServer({ logLevel: process.env['LOG_LEVEL'] ?? 'info', allowNoToken: true });
  // Before the kubectl line, which tells a parent process (the controllers' integration specs) the server is up.
  process.stdout.write(`etcd ${server.etcd.endpoint}\n`);
  process.stdout.write(`kubectl --server ${server.url} get cm   (or curl -H 'Authorization: Bearer ${TEST_TOKEN}')\n`);
  const shutdown = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
