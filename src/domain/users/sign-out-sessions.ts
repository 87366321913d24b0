import type { Deps } from '../../context.js';
import { revokeSession, revokeUserSessions } from '../../db/repositories/sessions.repository.js';
import { notFound } from '../errors.js';

/** "Sign out everywhere else": every session of the account ends but the caller's. */
export async function signOutOtherSessions(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: { userId: string; sessionId: string },
): Promise<{ revoked: number }> {
  return { revoked: await revokeUserSessions(deps.db, caller.userId, deps.clock.now(), caller.sessionId) };
}

/** Ends one of the caller's own sessions; another account's session id is simply not found. */
export async function signOutSession(deps: Pick<Deps, 'db' | 'clock'>, userId: string, sessionId: string): Promise<void> {
  if (!(await revokeSession(deps.db, sessionId, userId, deps.clock.now()))) throw notFound('Session');
}
