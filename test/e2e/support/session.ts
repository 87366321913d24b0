import type { BrowserContext } from 'playwright-core';
import type { Deps } from '../../../src/context.js';
import { startSession } from '../../../src/domain/users/start-session.js';
import { createCsrfTokens } from '../../../src/security/csrf.js';

/**
 * Signs a browser context in as the web app is after its sign-in form: a new server-side session
 * in the httpOnly `bo_session` cookie and its CSRF token in the readable `bo_csrf` cookie. For
 * accounts made without a password (test factories); the form itself is covered elsewhere.
 */
export async function signInContext(ctx: BrowserContext, deps: Deps, base: string, userId: string): Promise<void> {
  const { token, sessionId } = await startSession(deps, userId);
  const csrf = createCsrfTokens(deps.config.secretKey).forSession(sessionId);
  await ctx.addCookies([
    { name: 'bo_session', value: token, url: `${base}/api`, httpOnly: true, sameSite: 'Strict' },
    { name: 'bo_csrf', value: csrf, url: `${base}/`, sameSite: 'Strict' },
  ]);
}
