import type { StatusObject } from '@grpc/grpc-js';
import type { WatchEvent, WatchRequest } from '@strata/proto';
import { isStorageError, type Storage } from '@strata/storage';
import type { Logger } from 'pino';
import { toGrpcStatus } from './grpc-status';
import { watchEventToProto } from './proto-convert';

/**
 * The per-watch loop of Watch and WatchMany: opens the storage watch `req` asks for and hands each event to
 * `send`, in order. When `send` returns a promise (its transport is congested) the loop waits for it before it
 * pulls the next event, so a client that reads slowly leaves events in the storage's bounded per-watcher buffer
 * (the cacher closes a watcher that overflows it as too slow) and never in memory here. Resolves when the storage
 * watch ends or `signal` aborts; rejects with the storage watch's error.
 */
export async function forwardWatch(
  storage: Storage,
  req: WatchRequest,
  signal: AbortSignal,
  send: (ev: WatchEvent) => void | Promise<void>,
): Promise<void> {
  const events = storage.watch(req.key, {
    recursive: req.recursive,
    resourceVersion: req.resourceVersion,
    sendInitialEvents: req.sendInitialEvents ? true : undefined,
    allowBookmarks: req.allowBookmarks,
    labelSelector: req.labelSelector,
    fieldSelector: req.fieldSelector,
    signal,
  });
  for await (const ev of events) {
    if (signal.aborted) break;
    const congested = send(watchEventToProto(ev));
    if (congested) await congested;
  }
}

/** The status a watch that failed ends with; a failure that is not a StorageError is logged (it is a bug). */
export function watchFailureStatus(err: unknown, method: string, logger: Logger | undefined): StatusObject {
  if (!isStorageError(err)) logger?.error({ err, method }, 'storage watch failed unexpectedly');
  return toGrpcStatus(err);
}
