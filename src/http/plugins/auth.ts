import type { FastifyInstance, FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { Deps } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { authenticate, SIGNED_OUT, type ClaimedSession } from '../../domain/users/authenticate.js';
import type { Principal, Role } from '../../security/auth-tokens.js';
import { createCsrfTokens } from '../../security/csrf.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route answers everyone the same (a public read: event, seat layout, availability, queue status): credentials
     * sent with it are not checked. A signed-in fan's page polls these every second or two during an on-sale, and the
     * session check is a database look-up (issue 9).
     */
    anonymous?: boolean;
    /**
     * The route's own statement checks the session in the same round trip as its work (the hold and the checkout, issue 9): the hook
     * checks only the token's signature and sets `request.claimed`, never `request.principal`.
     */
    sessionCheckedByStatement?: boolean;
    /**
     * The route only touches the named account's own, repeatable state and buys nothing (the waiting-room join: the
     * same place on every join, and a hold still checks the session). The hook checks the token's signature and sets
     * `request.claimed`, with no session look-up: a fan's joins were a database round trip each (issue 9).
     */
    signatureSuffices?: boolean;
  }
  interface FastifyRequest {
    /** The caller, when a good bearer token or session cookie was sent. */
    principal: Principal | null;
    /** The server-side session the caller's token names. */
    sessionId: string | null;
    /**
     * Who a well-signed token names, on a `sessionCheckedByStatement` or `signatureSuffices` route: its session is not
     * checked, so this authorises nothing but what such a route allows (a statement that finds the session live).
     */
    claimed: ClaimedSession | null;
    /** Set when credentials were sent but are not good (invalid, expired, revoked, no CSRF header). */
    authError: string | null;
  }
}

/** The web app's session: the token itself, never readable by scripts. */
export const SESSION_COOKIE = 'bo_session';
/** Readable by the web app, which echoes it in `X-CSRF-Token` on writes; also tells it a session exists. */
export const CSRF_COOKIE = 'bo_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SESSION_COOKIE_PATH = '/api';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function auth(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const csrf = createCsrfTokens(deps.config.secretKey);
  await app.register(fastifyCookie);
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('claimed', null);
  app.decorateRequest('authError', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.anonymous === true) return;
    const header = request.headers.authorization;
    // Bearer (API clients) wins: a browser never attaches it by itself, so it needs no CSRF check.
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) {
        request.authError = 'Authorization header must be "Bearer <token>"';
        return;
      }
      await authenticateWith(request, match[1]);
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    await authenticateWith(request, cookie);
    if (request.sessionId && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (!csrf.matches(request.sessionId, typeof sent === 'string' ? sent : undefined)) {
        // A cookie another site made the browser send authorises nothing.
        request.principal = null;
        request.claimed = null;
        request.sessionId = null;
        request.authError = `A signed-in write from the web app needs the ${CSRF_HEADER} header`;
      }
    }
  });

  async function authenticateWith(request: FastifyRequest, token: string): Promise<void> {
    const { sessionCheckedByStatement, signatureSuffices } = request.routeOptions.config;
    if (sessionCheckedByStatement === true || signatureSuffices === true) {
      const claims = await deps.tokens.verify(token);
      if (!claims) {
        request.authError = SIGNED_OUT;
        return;
      }
      request.claimed = { userId: claims.userId, sessionId: claims.sessionId };
      request.sessionId = claims.sessionId;
      return;
    }
    const found = await authenticate(deps, token);
    if (!found) {
      request.authError = SIGNED_OUT;
      return;
    }
    request.principal = found.principal;
    request.sessionId = found.sessionId;
  }
}

export const authPlugin = fp(auth, { name: 'auth' });

/**
 * Sets the web app's cookies for a new session: the token httpOnly, the CSRF
 * token readable. Secure whenever the request came over TLS (directly or, with
 * TRUST_PROXY, through the proxy) or in production.
 */
export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Pick<Deps, 'config'>,
  session: { token: string; sessionId: string; expiresAt: Date },
): void {
  const secure = request.protocol === 'https' || deps.config.env === 'production';
  const common = { sameSite: 'strict' as const, secure, expires: session.expiresAt };
  const csrf = createCsrfTokens(deps.config.secretKey).forSession(session.sessionId);
  // Only API calls carry the token (not every page and asset); the CSRF cookie must be readable on every page.
  reply.setCookie(SESSION_COOKIE, session.token, { ...common, path: SESSION_COOKIE_PATH, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrf, { ...common, path: '/', httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: SESSION_COOKIE_PATH });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

/** The authenticated caller, or a 401. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) {
    throw new AppError('UNAUTHENTICATED', request.authError ?? 'Sign in to do this');
  }
  return request.principal;
}

/** The authenticated caller and the session it signed in with, or a 401. */
export function sessionOf(request: FastifyRequest): { userId: string; sessionId: string } {
  const principal = principalOf(request);
  if (!request.sessionId) throw new AppError('UNAUTHENTICATED', 'Sign in to do this');
  return { userId: principal.userId, sessionId: request.sessionId };
}

/** The session a well-signed token names, on a route that does not look it up first; or a 401. */
export function claimedSessionOf(request: FastifyRequest): ClaimedSession {
  if (!request.claimed) throw new AppError('UNAUTHENTICATED', request.authError ?? 'Sign in to do this');
  return request.claimed;
}

export const requireClaimedSession: preValidationAsyncHookHandler = async (request) => {
  claimedSessionOf(request);
};

export const requireAuth: preValidationAsyncHookHandler = async (request) => {
  principalOf(request);
};

export function requireRole(...allowed: Role[]): preValidationAsyncHookHandler {
  return async (request) => {
    const principal = principalOf(request);
    if (!principal.roles.some((r) => allowed.includes(r))) {
      throw new AppError('FORBIDDEN', `This needs one of the roles: ${allowed.join(', ')}`);
    }
  };
}

export const isAdmin = (p: Principal): boolean => p.roles.includes('admin');
