export type {
  KeyValue,
  ResourceVersionMatch,
  GetOptions,
  GetResult,
  ListOptions,
  ListResult,
  ConditionalResult,
  WatchOptions,
  WatchEventType,
  WatchEvent,
  Storage,
  DeletePrefixesOptions,
} from './lib/interfaces';
export { MAX_DELETE_PREFIXES } from './lib/interfaces';
export { StorageError, StorageErrorCode, isStorageError } from './lib/errors';
export { collectListChunks, listInChunks } from './lib/list-chunks';
export { RemoteStorage } from './lib/remote/remote-storage';
export type { RemoteStorageOptions } from './lib/remote/remote-storage';
export { fromGrpcError, storageErrorTrailer, storageRevisionTrailer } from './lib/remote/grpc-errors';
