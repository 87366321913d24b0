import { SignJWT, jwtVerify } from 'jose';
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
export function createAuthTokens(secret: string, clock: Clock): AuthTokens {
  const key = deriveKey(secret, 'auth-token');
  return {
    async issue({ userId, sessionId, expiresAt }) {
      const now = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer('boxoffice')
        .setIssuedAt(now)
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: 'boxoffice',
          algorithms: ['HS256'],
          currentDate: clock.now(),
        });
        if (!payload.sub || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') return null;
        return { userId: payload.sub, sessionId: payload.sid, expiresAt: new Date(payload.exp * 1000) };
      } catch {
        return null;
      }
    },
  };
}
