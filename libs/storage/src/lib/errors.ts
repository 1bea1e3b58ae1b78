/** Storage error codes; translated to Kubernetes Status errors in exactly one place (libs/endpoints). */
export enum StorageErrorCode {
  KeyNotFound = 'KeyNotFound',
  KeyExists = 'KeyExists',
  Conflict = 'Conflict',
  /** The revision asked for was compacted or evicted from the cache history: 410 Expired, relist. */
  ResourceVersionExpired = 'ResourceVersionExpired',
  /** The revision asked for is ahead of what the store reached in time: 504 with ResourceVersionTooLarge. */
  ResourceVersionTooLarge = 'ResourceVersionTooLarge',
  InvalidArgument = 'InvalidArgument',
  /** Store not ready or unreachable: 429/503 with Retry-After. */
  Unavailable = 'Unavailable',
  Internal = 'Internal',
}

/** An expected storage failure. `key` and `revision` give context; the message never contains another tenant's data. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly key?: string,
    readonly revision?: number,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** True when `err` is a StorageError with the given code. */
export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}
