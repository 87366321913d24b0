import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { deleteTotp, findTotp } from '../../db/repositories/totp.repository.js';
import { findUserById } from '../../db/repositories/users.repository.js';
import { verifyPassword } from '../../security/passwords.js';
import { AppError } from '../errors.js';
import { useSecondFactor } from './second-factor.js';
import { wrongCode } from './totp-enrolment.js';

/**
 * Turns two-factor sign-in off (or drops an unfinished set-up). A stolen
 * session alone is not enough: it takes a current code, a recovery code or the password.
 */
export async function disableTotp(
  deps: Pick<Deps, 'db' | 'pii' | 'clock'>,
  userId: string,
  proof: { code?: string | undefined; password?: string | undefined },
): Promise<void> {
  const totp = await findTotp(deps.db, userId);
  if (!totp) throw new AppError('NOT_FOUND', 'Two-factor sign-in is not set up');
  if (proof.code === undefined && proof.password === undefined) {
    throw new AppError('VALIDATION_FAILED', 'Give a current code or your password', [
      { field: 'body/code', message: 'or a password is required' },
    ]);
  }
  if (proof.code === undefined) {
    const row = await findUserById(deps.db, userId);
    if (!row?.password_hash || !(await verifyPassword(row.password_hash, proof.password ?? ''))) {
      throw new AppError('VALIDATION_FAILED', 'The password is incorrect', [{ field: 'body/password', message: 'is incorrect' }]);
    }
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    // An unconfirmed set-up has no codes to check yet: the session suffices to drop it.
    if (proof.code !== undefined && totp.confirmedAt && !(await useSecondFactor(deps, tx, userId, proof.code))) throw wrongCode();
    await deleteTotp(tx, userId);
    if (totp.confirmedAt)
      await writeAudit(tx, { actorId: userId, action: 'user.totp_disabled', subjectType: 'user', subjectId: userId, at: now });
  });
}
