import { newRequestEntityTooLarge } from '@strata/apimachinery';
import type { Request } from 'express';

/** kube-apiserver's maxRequestBodyBytes for JSON/YAML writes (3 MiB). */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

/**
 * Reads the whole request body, at most `limit` bytes. Rejects with 413 RequestEntityTooLarge (`limit is N`) as
 * soon as Content-Length or the bytes read exceed it, without buffering the rest.
 */
export async function readBody(req: Request, limit = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const tooLarge = () => newRequestEntityTooLarge(`limit is ${limit}`);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
