import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { CatalogueFormat } from '@river/catalogue';
import type { Request } from 'express';

/** A catalogue of a few thousand stations is well under this; more is a mistake or an attack. */
export const MAX_CATALOGUE_BYTES = 5 * 1024 * 1024;

/**
 * The uploaded catalogue as text, for line-accurate error reports. text/csv is read from the stream
 * (no body parser handles it). application/json has already been parsed by the global JSON parser (limit
 * 100 KB); its raw text is used when the app keeps raw bodies, otherwise it is re-serialised with 2-space
 * indentation, so line numbers match files written that way (JSON.stringify(x, null, 2), most editors).
 */
export async function readCatalogueUpload(
  req: Request & { rawBody?: Buffer },
): Promise<{ text: string; format: CatalogueFormat }> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    return {
      text: req.rawBody ? req.rawBody.toString('utf8') : JSON.stringify(req.body, null, 2),
      format: 'json',
    };
  }
  if (type === 'text/csv' || type === 'application/csv') return { text: await readText(req), format: 'csv' };
  throw new UnsupportedMediaTypeException('send the catalogue as text/csv or application/json');
}

async function readText(req: Request): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CATALOGUE_BYTES)
      throw new PayloadTooLargeException(`a catalogue is limited to ${MAX_CATALOGUE_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
