import { createSigner, createVerifier } from 'fast-jwt';
import { LRUCache } from 'lru-cache';
import { deriveKey } from './keys.js';
import type { Clock } from '../domain/clock.js';
import { roles, type Role } from '../domain/users/users.types.js';

// The roles are a domain fact; callers that know them as token claims import them from here.
export { roles, type Role };

export interface Principal {
  userId: string;
  roles: Role[];
}

/** What a signed token says: whose it is and which server-side session it belongs to. */
export interface TokenClaims {
  userId: string;
  sessionId: string;
  expiresAt: Date;
}

export interface AuthTokens {
  issue(claims: TokenClaims): Promise<string>;
  /** Returns null for any token that is malformed, forged or expired. */
  verify(token: string): Promise<TokenClaims | null>;
}

/**
 * Tokens are signed (HS256) and name a session row; the signature only saves a
 * database read for forged tokens, the session row decides whether it is good
 * (src/domain/users/authenticate.ts). Roles are read from the account, never
 * from the token, so a role change applies at once.
 */
export function createAuthTokens(secret: string, clock: Clock, cacheSize = 20_000): AuthTokens {
  const key = deriveKey(secret, 'auth-token');
  // fast-jwt checks an HMAC with node:crypto in this thread: WebCrypto (jose) ran each check as a thread-pool job,
  // about half a millisecond per request in the hold path's CPU profile, and most on-sale fans bring a token it has
  // not seen yet. The same string always verifies the same way, so only its expiry is checked again, on the
  // injected clock (fast-jwt's is fixed when the verifier is made); the session row still decides on every request.
  const sign = createSigner({ key, algorithm: 'HS256', noTimestamp: true });
  const check = createVerifier({ key, algorithms: ['HS256'], allowedIss: 'boxoffice', ignoreExpiration: true });
  const verified = new LRUCache<string, TokenClaims>({ max: cacheSize });
  return {
    async issue({ userId, sessionId, expiresAt }) {
      const now = Math.floor(clock.now().getTime() / 1000);
      return sign({ sid: sessionId, sub: userId, iss: 'boxoffice', iat: now, exp: Math.floor(expiresAt.getTime() / 1000) });
    },
    async verify(token) {
      const known = verified.get(token);
      if (known) return known.expiresAt > clock.now() ? known : null;
      let payload: Record<string, unknown>;
      try {
        payload = check(token) as Record<string, unknown>;
      } catch {
        return null;
      }
      const { sub, sid, exp } = payload;
      if (typeof sub !== 'string' || !sub || typeof sid !== 'string' || typeof exp !== 'number') return null;
      const claims = { userId: sub, sessionId: sid, expiresAt: new Date(exp * 1000) };
      if (claims.expiresAt <= clock.now()) return null;
      verified.set(token, claims);
      return claims;
    },
  };
}
