import { makeGenericClientConstructor } from '@grpc/grpc-js';
import { StorageService, type StorageClient } from '@strata/proto';
import { decodeListResponse } from './list-wire';

/**
 * The generated Storage client with List and ListStream responses decoded without copying each value (see
 * decodeListResponse); every other method is ts-proto's.
 */
export const FastStorageClient = makeGenericClientConstructor(
  {
    ...StorageService,
    list: { ...StorageService.list, responseDeserialize: decodeListResponse },
    listStream: { ...StorageService.listStream, responseDeserialize: decodeListResponse },
  },
  'strata.storage.v1.Storage',
) as unknown as typeof StorageClient;
