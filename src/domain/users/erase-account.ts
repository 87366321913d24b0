import type { Deps } from '../../context.js';
import { revokeUserSessions } from '../../db/repositories/sessions.repository.js';
import { eraseUser } from '../../db/repositories/users.repository.js';
import { AppError } from '../errors.js';
import { personalDataErasers } from './personal-data.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';

/**
 * Right to erasure: every personal field goes, the id stays so orders remain
 * for accounting under a pseudonym. One transaction, so a crash never leaves a
 * half-erased account.
 */
export async function eraseAccount(deps: Deps, userId: string): Promise<{ erasedAt: Date }> {
  const erasedAt = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const erased = await eraseUser(tx, userId, erasedAt);
    if (!erased) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
    // Every token of the account stops working with the erasure's commit.
    await revokeUserSessions(tx, userId, erasedAt);
    for (const eraser of personalDataErasers) await eraser.erase(tx, userId, deps);
    await writeAudit(tx, { actorId: userId, action: 'user.erased', subjectType: 'user', subjectId: userId, at: erasedAt });
  });
  return { erasedAt };
}
