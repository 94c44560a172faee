import type { Request } from 'express';
import { DomainError, ErrorKind } from '../errors/domain-error';

/** A problem list is a few hundred rows; 10 MiB leaves room for XLSX with styles, not for abuse. */
export const MAX_LIST_BYTES = 10 * 1024 * 1024;

/** The raw upload (text/csv or XLSX): no global body parser handles these types, so read the stream. */
export async function readUpload(req: Request): Promise<{ body: Buffer; contentType: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_LIST_BYTES)
      throw new DomainError(
        ErrorKind.Validation,
        'upload_too_large',
        `a problem list is limited to ${MAX_LIST_BYTES} bytes`,
      );
    chunks.push(chunk);
  }
  return { body: Buffer.concat(chunks), contentType: req.headers['content-type'] ?? '' };
}
