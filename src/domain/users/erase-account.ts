import { mailDirOf, purgeMailFilesTo } from '../../adapters/mail/mail-files.js';
import type { Deps } from '../../context.js';
import { revokeUserSessions } from '../../db/repositories/sessions.repository.js';
import { eraseUser, findUserById } from '../../db/repositories/users.repository.js';
import { AppError } from '../errors.js';
import { releaseBookingsOfUser } from '../privacy/release-bookings.js';
import { personalDataErasers } from './personal-data.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { normaliseEmail } from './users.rules.js';

/**
 * Right to erasure (policy in src/domain/privacy/erasure-policy.ts). The
 * caller confirms by typing the account's address. Upcoming tickets are
 * voided and refunded first (each order on its own, idempotently); then one
 * transaction blanks every personal field, ends every session, runs the
 * erasers and destroys the user's data key, so a crash never leaves a
 * half-erased account. The id stays so past orders remain for accounting
 * under a pseudonym. Mail files go last: a mail written while the
 * cancellations were delivered is caught too.
 */
export async function eraseAccount(deps: Deps, userId: string, confirmation: { email: string }): Promise<{ erasedAt: Date }> {
  const row = await findUserById(deps.db, userId);
  if (!row || row.erased_at !== null || row.email_cipher === null) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
  const address = await deps.pii.open(row.email_cipher);
  if (normaliseEmail(confirmation.email) !== address) {
    throw new AppError('VALIDATION_FAILED', 'Type the address of this account to confirm the erasure', [
      { field: 'body/email', message: 'is not the address of this account' },
    ]);
  }
  await releaseBookingsOfUser(deps, userId);
  return eraseAccountData(deps, userId, address, { actorId: userId, reason: 'owner' });
}

/**
 * The erasure itself, shared with the retention job (unconfirmed accounts).
 * Throws UNAUTHENTICATED when the account was erased meanwhile (a racing call).
 */
export async function eraseAccountData(
  deps: Deps,
  userId: string,
  address: string,
  by: { actorId: string | null; reason: 'owner' | 'unverified' },
): Promise<{ erasedAt: Date }> {
  const erasedAt = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const erased = await eraseUser(tx, userId, erasedAt);
    if (!erased) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
    // Every token of the account stops working with the erasure's commit.
    await revokeUserSessions(tx, userId, erasedAt);
    for (const eraser of personalDataErasers) await eraser.erase(tx, userId, deps);
    await deps.pii.shred(tx, userId);
    await writeAudit(tx, {
      actorId: by.actorId,
      action: 'user.erased',
      subjectType: 'user',
      subjectId: userId,
      details: { reason: by.reason },
      at: erasedAt,
    });
  });
  const mailDir = mailDirOf(deps.config);
  if (mailDir) await purgeMailFilesTo(mailDir, address);
  return { erasedAt };
}
