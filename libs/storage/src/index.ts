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
} from './lib/interfaces';
export { StorageError, StorageErrorCode, isStorageError } from './lib/errors';
