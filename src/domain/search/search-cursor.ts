import { createHash } from 'node:crypto';
import type { CursorCodec } from '../../security/cursor-codec.js';
import { AppError } from '../errors.js';
import type { Keyset, SearchSort } from './search.types.js';

const invalidCursor = (): AppError =>
  new AppError('VALIDATION_FAILED', 'cursor is malformed, tampered with, or belongs to another search', [
    { field: 'querystring/cursor', message: 'is not a cursor returned by this search' },
  ]);

/**
 * The keyset a search cursor names (signed by deps.cursors for this search's
 * fingerprint, which covers its filters and sort), or a 400: an edited cursor,
 * or one replayed against other filters or another sort, is refused rather
 * than answered with a wrong page.
 */
export function decodeSearchCursor(cursors: CursorCodec, cursor: string, sort: SearchSort, fingerprint: string): Keyset {
  const keyset = parseKeyset(cursors.decode(fingerprint, cursor));
  if (!keyset || keyset.sort !== sort) throw invalidCursor();
  return keyset;
}

/** Identifies a search by everything but its page size and cursor. */
export function searchFingerprint(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function parseKeyset(v: unknown): Keyset | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' || !uuid.test(o.id)) return null;
  if (o.sort === 'relevance' && typeof o.rank === 'string' && /^[0-9.e+-]{1,32}$/i.test(o.rank)) {
    return { sort: 'relevance', rank: o.rank, id: o.id };
  }
  if (o.sort === 'date' && typeof o.startsUs === 'string' && /^-?\d{1,18}$/.test(o.startsUs)) {
    return { sort: 'date', startsUs: o.startsUs, id: o.id };
  }
  if (o.sort === 'popularity' && Number.isInteger(o.popularity)) {
    return { sort: 'popularity', popularity: o.popularity as number, id: o.id };
  }
  return null;
}
