import type { Deps } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { insertSession } from '../../db/repositories/sessions.repository.js';

export interface IssuedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

/** Opens a server-side session for the account and signs a token naming it. */
export async function startSession(
  deps: Pick<Deps, 'db' | 'tokens' | 'clock' | 'config'>,
  userId: string,
  ex: Executor = deps.db,
): Promise<IssuedSession> {
  const createdAt = deps.clock.now();
  const expiresAt = new Date(createdAt.getTime() + deps.config.tokenTtlSeconds * 1000);
  const sessionId = await insertSession(ex, { userId, createdAt, expiresAt });
  return { token: await deps.tokens.issue({ userId, sessionId, expiresAt }), sessionId, expiresAt };
}
