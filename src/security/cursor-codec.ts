import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from './keys.js';

const macBytes = 16;

/**
 * The one codec for keyset cursors: base64url of a MAC and the JSON position
 * where the previous page ended. The MAC also covers the listing the cursor
 * belongs to (`scope`: a search's fingerprint, "venues", one customer's
 * orders), so an edited cursor, or one replayed against another listing,
 * other filters or another sort, decodes to null rather than to a wrong page.
 * A valid MAC proves only that this service wrote the position: callers still
 * check its shape.
 */
export interface CursorCodec {
  encode(scope: string, position: object): string;
  /** The position this service wrote for `scope`, or null for anything else. */
  decode(scope: string, cursor: string): unknown;
}

export function createCursorCodec(secret: string): CursorCodec {
  const key = deriveKey(secret, 'cursor');
  const mac = (scope: string, body: Buffer): Buffer =>
    createHmac('sha256', key).update(scope).update('\0').update(body).digest().subarray(0, macBytes);

  return {
    encode(scope, position) {
      const body = Buffer.from(JSON.stringify(position), 'utf8');
      return Buffer.concat([mac(scope, body), body]).toString('base64url');
    },
    decode(scope, cursor) {
      if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
      const raw = Buffer.from(cursor, 'base64url');
      if (raw.length <= macBytes || raw.toString('base64url') !== cursor) return null;
      const body = raw.subarray(macBytes);
      if (!timingSafeEqual(raw.subarray(0, macBytes), mac(scope, body))) return null;
      try {
        return JSON.parse(body.toString('utf8')) as unknown;
      } catch {
        return null;
      }
    },
  };
}
