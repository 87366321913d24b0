import { SignJWT, jwtVerify } from 'jose';
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
  const raw = deriveKey(secret, 'auth-token');
  // A token's signature is checked once: WebCrypto's HMAC runs as a thread-pool job, about half a millisecond of
  // this process per request in the hold path's CPU profile. The same string always verifies the same way, so
  // only its expiry is checked again; the session row still decides on every request.
  const verified = new LRUCache<string, TokenClaims>({ max: cacheSize });
  // Imported once: given raw bytes, jose imports a WebCrypto key on every call, which showed in the hold path's CPU profile.
  const cryptoKey = crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  return {
    async issue({ userId, sessionId, expiresAt }) {
      const now = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer('boxoffice')
        .setIssuedAt(now)
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(await cryptoKey);
    },
    async verify(token) {
      const known = verified.get(token);
      if (known) return known.expiresAt > clock.now() ? known : null;
      try {
        const { payload } = await jwtVerify(token, await cryptoKey, {
          issuer: 'boxoffice',
          algorithms: ['HS256'],
          currentDate: clock.now(),
        });
        if (!payload.sub || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') return null;
        const claims = { userId: payload.sub, sessionId: payload.sid, expiresAt: new Date(payload.exp * 1000) };
        verified.set(token, claims);
        return claims;
      } catch {
        return null;
      }
    },
  };
}
