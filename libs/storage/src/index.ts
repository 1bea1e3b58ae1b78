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
  CreateItem,
  ConditionalKey,
} from './lib/interfaces';
export { MAX_CREATE_ALL, MAX_DELETE_PREFIXES } from './lib/interfaces';
export { isOverwrite, validateCreateAll } from './lib/create-all';
export { validateDeletePrefixes } from './lib/delete-prefixes';
export type { DeletePrefixesPlan } from './lib/delete-prefixes';
export { StorageError, StorageErrorCode, isStorageError } from './lib/errors';
export { collectListChunks, listInChunks } from './lib/list-chunks';
export { RemoteStorage } from './lib/remote/remote-storage';
export type { RemoteStorageOptions } from './lib/remote/remote-storage';
export { fromGrpcError, storageErrorTrailer, storageKeyTrailer, storageRevisionTrailer } from './lib/remote/grpc-errors';
