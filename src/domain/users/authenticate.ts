import type { Deps } from '../../context.js';
import { findLiveSession } from '../../db/repositories/sessions.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { AppError } from '../errors.js';
import { isRole } from './users.rules.js';

/**
 * The account and session a well-signed token names, not yet checked against the session row: a statement that
 * takes it checks the session itself (the hold and the checkout: forCaller in src/db/repositories/sessions.repository.ts).
 */
export interface ClaimedSession {
  userId: string;
  sessionId: string;
}

/** What a caller whose token is bad, expired or signed out is told, wherever that is found out. */
export const SIGNED_OUT = 'Token is invalid, expired or signed out';

/** The 401 of a statement that found the caller's session not live (see ClaimedSession). */
export const signedOut = (): AppError => new AppError('UNAUTHENTICATED', SIGNED_OUT);

export interface Authenticated {
  principal: Principal;
  sessionId: string;
}

/**
 * The caller behind a token, checked against the database on every request: a
 * signed-out, expired or revoked session and an erased account are refused on
 * the very next request, on every instance. Null for any token that is not good.
 */
export async function authenticate(deps: Pick<Deps, 'db' | 'tokens' | 'clock'>, token: string): Promise<Authenticated | null> {
  const claims = await deps.tokens.verify(token);
  if (!claims) return null;
  const live = await findLiveSession(deps.db, claims.sessionId, claims.userId, deps.clock.now());
  if (!live) return null;
  return { principal: { userId: live.userId, roles: live.roles.filter(isRole) }, sessionId: claims.sessionId };
}
