import type { CursorCodec } from '../security/cursor-codec.js';
import { AppError } from './errors.js';

/** Where a newest-first page over (created_at, id) ended. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalidCursor = (): AppError =>
  new AppError('VALIDATION_FAILED', 'Invalid cursor', [{ field: 'querystring/cursor', message: 'is not a cursor this API returned' }]);

/**
 * The position a cursor of this listing (`scope`) names: null without one, a
 * 400 for anything this service did not sign for this listing.
 */
export function positionAfter(cursors: CursorCodec, scope: string, cursor: string | undefined): PagePosition | null {
  if (!cursor) return null;
  const p = cursors.decode(scope, cursor) as { createdAt?: unknown; id?: unknown } | null;
  const createdAt = typeof p?.createdAt === 'string' ? new Date(p.createdAt) : null;
  if (!createdAt || Number.isNaN(createdAt.getTime()) || typeof p?.id !== 'string' || !uuidPattern.test(p.id)) throw invalidCursor();
  return { createdAt, id: p.id };
}

/** Rows fetched with `limit + 1`: the extra one only says whether another page exists. */
export function pageOf<R extends { created_at: Date; id: string }, T>(
  rows: R[],
  limit: number,
  map: (r: R) => T,
  cursors: CursorCodec,
  scope: string,
): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last ? cursors.encode(scope, { createdAt: last.created_at.toISOString(), id: last.id }) : null,
  };
}
