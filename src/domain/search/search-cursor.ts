import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../../security/keys.js';
import { AppError } from '../errors.js';
import type { Keyset, SearchSort } from './search.types.js';

const macBytes = 16;

const invalidCursor = (): AppError =>
  new AppError('VALIDATION_FAILED', 'cursor is malformed, tampered with, or belongs to another search', [
    { field: 'querystring/cursor', message: 'is not a cursor returned by this search' },
  ]);

/**
 * Cursors are opaque base64url: a MAC over the keyset and a fingerprint of the
 * search that produced it, so an edited cursor, or one replayed against other
 * filters or another sort, is a 400 rather than a wrong page.
 */
export function createCursorCodec(secret: string) {
  const key = deriveKey(secret, 'search-cursor');
  const mac = (body: Buffer): Buffer => createHmac('sha256', key).update(body).digest().subarray(0, macBytes);

  return {
    encode(keyset: Keyset, fingerprint: string): string {
      const body = Buffer.from(JSON.stringify({ ...keyset, f: fingerprint }), 'utf8');
      return Buffer.concat([mac(body), body]).toString('base64url');
    },

    decode(cursor: string, sort: SearchSort, fingerprint: string): Keyset {
      if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
      const raw = Buffer.from(cursor, 'base64url');
      if (raw.length <= macBytes || raw.toString('base64url') !== cursor) throw invalidCursor();
      const body = raw.subarray(macBytes);
      if (!timingSafeEqual(raw.subarray(0, macBytes), mac(body))) throw invalidCursor();
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw invalidCursor();
      }
      const keyset = parseKeyset(parsed);
      if (!keyset || keyset.sort !== sort || (parsed as { f?: unknown }).f !== fingerprint) throw invalidCursor();
      return keyset;
    },
  };
}

export type CursorCodec = ReturnType<typeof createCursorCodec>;

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
