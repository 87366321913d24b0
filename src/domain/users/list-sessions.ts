import type { Deps } from '../../context.js';
import { listLiveSessions } from '../../db/repositories/sessions.repository.js';

export interface SessionView {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  /** The session this request was made with. */
  current: boolean;
}

/** The account's live sessions, newest first, for the sessions list and "sign out everywhere". */
export async function listSessions(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: { userId: string; sessionId: string },
): Promise<SessionView[]> {
  const rows = await listLiveSessions(deps.db, caller.userId, deps.clock.now());
  return rows.map((r) => ({ ...r, current: r.id === caller.sessionId }));
}
