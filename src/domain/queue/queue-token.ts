import { jwtVerify, SignJWT } from 'jose';
import { deriveKey } from '../../security/keys.js';
import type { Clock } from '../clock.js';
import type { QueueTicket, QueueTokenClaims } from './queue.types.js';

export interface QueueTokens {
  issue(claims: QueueTokenClaims, expiresAt: Date): Promise<string>;
  /** Null for a forged, expired or malformed token. */
  verify(token: string): Promise<QueueTokenClaims | null>;
}

/**
 * Signed with its own derived key, so any instance checks a token offline —
 * a hold never needs the store that issued it.
 */
export function createQueueTokens(secret: string, clock: Clock): QueueTokens {
  const key = deriveKey(secret, 'queue-token');
  return {
    async issue({ eventId, userId, ticket }, expiresAt) {
      const body = ticket.kind === 'draw' ? { d: ticket.draw } : { n: ticket.seq };
      return new SignJWT({ ev: eventId, ...body })
        .setProtectedHeader({ alg: 'HS256', typ: 'queue' })
        .setSubject(userId)
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], typ: 'queue', currentDate: clock.now() });
        const ticket = ticketOf(payload.d, payload.n);
        if (typeof payload.ev !== 'string' || typeof payload.sub !== 'string' || !ticket) return null;
        return { eventId: payload.ev, userId: payload.sub, ticket };
      } catch {
        return null;
      }
    },
  };
}

function ticketOf(d: unknown, n: unknown): QueueTicket | null {
  if (typeof d === 'number' && d >= 0 && d < 1) return { kind: 'draw', draw: d };
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1) return { kind: 'number', seq: n };
  return null;
}
