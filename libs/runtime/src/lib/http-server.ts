import type { Server } from 'node:http';

/**
 * Starts `server` listening on host:port and resolves with the bound port (useful with port 0).
 * Rejects with the listen error (e.g. EADDRINUSE).
 */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('server has no TCP address');
  return addr.port;
}

/**
 * Stops accepting connections, lets in-flight requests finish for up to `graceMs`, then cuts the rest (long-running
 * watches would otherwise hold the process open forever). Resolves once the server is closed; safe to call twice.
 */
export async function closeServer(server: Server, graceMs = 5000): Promise<void> {
  if (!server.listening) return;
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  timer.unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(timer);
}
