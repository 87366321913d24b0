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

export interface AuthTokens {
  issue(principal: Principal): Promise<string>;
  /** Returns null for any token that is malformed, forged or expired. */
  verify(token: string): Promise<Principal | null>;
}

export function createAuthTokens(secret: string, ttlSeconds: number, clock: Clock): AuthTokens {
  const key = deriveKey(secret, 'auth-token');
  return {
    async issue({ userId, roles: userRoles }) {
      const now = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT({ roles: userRoles })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer('boxoffice')
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: 'boxoffice',
          algorithms: ['HS256'],
          currentDate: clock.now(),
        });
        const tokenRoles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => roles.includes(r as Role)) : [];
        if (!payload.sub) return null;
        return { userId: payload.sub, roles: tokenRoles };
      } catch {
        return null;
      }
    },
  };
}
