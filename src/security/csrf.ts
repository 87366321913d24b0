import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from './keys.js';

export interface CsrfTokens {
  /** The token the web app echoes in `X-CSRF-Token`: an HMAC of its session id. */
  forSession(sessionId: string): string;
  matches(sessionId: string, token: string | undefined): boolean;
}

/**
 * Signed double-submit: the web app reads the token from a readable cookie and
 * sends it back in a header, which another site can neither read nor forge
 * (it is bound to the session by the server's key), so a cookie that a browser
 * attaches to a cross-site request authorises no write.
 */
export function createCsrfTokens(secret: string): CsrfTokens {
  const key = deriveKey(secret, 'csrf');
  const forSession = (sessionId: string): string => createHmac('sha256', key).update(sessionId).digest('base64url');
  return {
    forSession,
    matches(sessionId, token) {
      if (!token) return false;
      const want = Buffer.from(forSession(sessionId));
      const got = Buffer.from(token);
      return got.length === want.length && timingSafeEqual(got, want);
    },
  };
}
