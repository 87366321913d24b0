import { createSigner, createVerifier } from 'fast-jwt';
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
  // fast-jwt for the reason in src/security/auth-tokens.ts; expiry on the injected clock.
  const sign = createSigner({ key, algorithm: 'HS256', noTimestamp: true, header: { alg: 'HS256', typ: 'queue' } });
  const check = createVerifier({ key, algorithms: ['HS256'], checkTyp: 'queue', ignoreExpiration: true });
  return {
    async issue({ eventId, userId, ticket }, expiresAt) {
      const body = ticket.kind === 'draw' ? { d: ticket.draw } : { n: ticket.seq };
      return sign({ ev: eventId, ...body, sub: userId, exp: Math.floor(expiresAt.getTime() / 1000) });
    },
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        payload = check(token) as Record<string, unknown>;
      } catch {
        return null;
      }
      const ticket = ticketOf(payload.d, payload.n);
      if (typeof payload.ev !== 'string' || typeof payload.sub !== 'string' || !ticket) return null;
      if (typeof payload.exp !== 'number' || payload.exp * 1000 <= clock.now().getTime()) return null;
      return { eventId: payload.ev, userId: payload.sub, ticket };
    },
  };
}

function ticketOf(d: unknown, n: unknown): QueueTicket | null {
  if (typeof d === 'number' && d >= 0 && d < 1) return { kind: 'draw', draw: d };
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1) return { kind: 'number', seq: n };
  return null;
}
