import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { Storage } from '@strata/storage';
import type { Logger } from 'pino';
import { createStorageService } from './storage-service';
import { storageServiceDefinition } from './watch-many-wire';

/** Largest message either way: a list page of 10000 objects can be tens of MiB. */
export const maxMessageBytes = 64 * 1024 * 1024;

/** Options of {@link startStorageGrpcServer}. */
export interface StorageGrpcServerOptions {
  readonly storage: Storage;
  /** Listen address; default 127.0.0.1 (insecure credentials are only for loopback). */
  readonly host?: string;
  /** 0 = any free port. */
  readonly port: number;
  readonly logger?: Logger;
}

/**
 * A running storage gRPC server. `stop()` is idempotent: open watches end with UNAVAILABLE at once, unary calls get
 * 1 s to finish, then the server is forced down.
 */
export interface StorageGrpcServer {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Serves the Storage service of `storage` over gRPC with keepalive and 64 MiB messages. Rejects when the
 * address cannot be bound.
 */
export async function startStorageGrpcServer(opts: StorageGrpcServerOptions): Promise<StorageGrpcServer> {
  const server = new Server({
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.min_ping_interval_without_data_ms': 5_000,
  });
  const shutdown = new AbortController();
  server.addService(storageServiceDefinition, createStorageService(opts.storage, { logger: opts.logger, shutdown: shutdown.signal }));
  const host = opts.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${opts.port}`, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });
  opts.logger?.info({ host, port }, 'storage gRPC server listening');
  let stopping: Promise<void> | undefined;
  return {
    port,
    stop: () => {
      shutdown.abort();
      stopping ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return stopping;
    },
  };
}
