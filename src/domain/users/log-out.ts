import type { Deps } from '../../context.js';
import { revokeSession, revokeUserSessions } from '../../db/repositories/sessions.repository.js';

/** Ends the caller's session; `everywhere` ends every session of the account. */
export async function logOut(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: { userId: string; sessionId: string },
  everywhere = false,
): Promise<{ revoked: number }> {
  const at = deps.clock.now();
  if (everywhere) return { revoked: await revokeUserSessions(deps.db, caller.userId, at) };
  return { revoked: (await revokeSession(deps.db, caller.sessionId, caller.userId, at)) ? 1 : 0 };
}
