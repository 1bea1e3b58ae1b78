import { status } from '@grpc/grpc-js';
import { StorageError, StorageErrorCode, fromGrpcError } from '@strata/storage';
import { toGrpcStatus } from './grpc-status';

describe('toGrpcStatus / fromGrpcError', () => {
  const cases: Array<[StorageErrorCode, status]> = [
    [StorageErrorCode.KeyNotFound, status.NOT_FOUND],
    [StorageErrorCode.KeyExists, status.ALREADY_EXISTS],
    [StorageErrorCode.Conflict, status.ABORTED],
    [StorageErrorCode.ResourceVersionExpired, status.OUT_OF_RANGE],
    [StorageErrorCode.ResourceVersionTooLarge, status.DEADLINE_EXCEEDED],
    [StorageErrorCode.InvalidArgument, status.INVALID_ARGUMENT],
    [StorageErrorCode.Unavailable, status.UNAVAILABLE],
    [StorageErrorCode.Internal, status.INTERNAL],
  ];

  it.each(cases)('%s maps to gRPC %s and back with message and revision', (code, grpcCode) => {
    const st = toGrpcStatus(new StorageError(code, `msg ${code}`, '/k', 42));
    expect(st.code).toBe(grpcCode);
    expect(st.details).toBe(`msg ${code}`);
    expect(st.metadata.get('strata-storage-error')).toEqual([code]);
    const back = fromGrpcError({ ...st, message: 'x', name: 'Error' });
    expect(back).toBeInstanceOf(StorageError);
    expect(back.code).toBe(code);
    expect(back.message).toBe(`msg ${code}`);
    expect(back.revision).toBe(42);
  });

  it('hides unexpected errors behind INTERNAL', () => {
    const st = toGrpcStatus(new Error('secret detail of another tenant'));
    expect(st.code).toBe(status.INTERNAL);
    expect(st.details).not.toContain('secret');
  });

  it('falls back to the gRPC code when the trailer is missing (a client deadline is Unavailable)', () => {
    expect(fromGrpcError({ code: status.NOT_FOUND, details: 'nf' }).code).toBe(StorageErrorCode.KeyNotFound);
    expect(fromGrpcError({ code: status.DEADLINE_EXCEEDED, details: 'late' }).code).toBe(StorageErrorCode.Unavailable);
    expect(fromGrpcError({ code: status.UNIMPLEMENTED, details: 'no' }).code).toBe(StorageErrorCode.Internal);
  });
});
