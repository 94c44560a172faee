import { z } from 'zod';
import { validationFailed } from '../errors/domain-error';

/** Lists are paginated the same way everywhere (SPEC §10): `?limit=&cursor=` → `{items, nextCursor}`. */
export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type PaginationQuery = z.infer<typeof paginationQuery>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset cursor: the sort key and the id of the last item shown. Opaque to clients. */
export interface Cursor {
  key: string | number;
  id: string | number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (value && (typeof value.key === 'string' || typeof value.key === 'number') && value.id !== undefined)
      return value;
  } catch {
    // fall through to the validation error
  }
  throw validationFailed([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
}

/** Builds a page from `limit + 1` fetched rows: the extra row only tells that there is more. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
