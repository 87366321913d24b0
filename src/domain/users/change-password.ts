import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { revokeUserSessions } from '../../db/repositories/sessions.repository.js';
import { findUserById, setPasswordHash } from '../../db/repositories/users.repository.js';
import { hashPassword, verifyPassword } from '../../security/passwords.js';
import { AppError } from '../errors.js';
import { startSession, type IssuedSession } from './start-session.js';
import { checkNewPassword } from './users.rules.js';

/**
 * A new password ends every session of the account (a thief signed in with the
 * old one is out at once); the caller gets a fresh session in the same commit.
 */
export async function changePassword(
  deps: Pick<Deps, 'db' | 'tokens' | 'clock' | 'config'>,
  userId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<IssuedSession> {
  checkNewPassword(input.newPassword);
  const row = await findUserById(deps.db, userId);
  if (!row || row.erased_at !== null) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
  if (!row.password_hash || !(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw new AppError('VALIDATION_FAILED', 'The current password is incorrect', [
      { field: 'body/currentPassword', message: 'is incorrect' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    if (!(await setPasswordHash(tx, userId, passwordHash))) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
    await revokeUserSessions(tx, userId, now);
    await writeAudit(tx, { actorId: userId, action: 'user.password_changed', subjectType: 'user', subjectId: userId, at: now });
    return startSession(deps, userId, tx);
  });
}
