import { AppError } from '../errors.js';

/** Opaque keyset cursor over (created_at, id), newest first. */
export interface PageCursor {
  createdAt: Date;
  id: string;
}

export const encodeCursor = (c: PageCursor): string => Buffer.from(`${c.createdAt.toISOString()}|${c.id}`, 'utf8').toString('base64url');

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string | undefined): PageCursor | null {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || !uuidPattern.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new AppError('VALIDATION_FAILED', 'Invalid cursor', [
      { field: 'querystring/cursor', message: 'is not a cursor this API returned' },
    ]);
  }
  return { createdAt, id };
}

/** Fetch `limit + 1` rows; the extra one only says whether another page exists. */
export function pageOf<R extends { created_at: Date; id: string }, T>(rows: R[], limit: number, map: (r: R) => T) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}
