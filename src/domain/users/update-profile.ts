import type { Deps } from '../../context.js';
import { isUniqueViolation } from '../../db/pg-errors.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { findUserById, setEmail, setName } from '../../db/repositories/users.repository.js';
import { verifyPassword } from '../../security/passwords.js';
import { AppError } from '../errors.js';
import { sendEmailVerification } from './email-verification.js';
import { toUser } from './user-view.js';
import { EMAIL_PATTERN, normaliseEmail } from './users.rules.js';
import { EMAIL_MAX, NAME_MAX, type User } from './users.types.js';

const gone = (): AppError => new AppError('UNAUTHENTICATED', 'This account no longer exists');

export async function renameAccount(deps: Pick<Deps, 'db' | 'pii' | 'clock'>, userId: string, rawName: string): Promise<User> {
  const name = rawName.trim();
  if (name.length < 1 || name.length > NAME_MAX) {
    throw new AppError('VALIDATION_FAILED', 'Invalid name', [{ field: 'body/name', message: `must be 1 to ${NAME_MAX} characters` }]);
  }
  if (!(await setName(deps.db, userId, await deps.pii.seal(userId, name)))) throw gone();
  const row = await findUserById(deps.db, userId);
  if (!row || row.erased_at !== null) throw gone();
  return await toUser(deps.pii, row);
}

/**
 * Switches the account to a new address at once, as unconfirmed: the caller
 * then mails a confirmation link to the new address and a notice to the old
 * one. Switching at once (rather than after the link is opened) keeps one
 * address per account and reuses the confirmation machinery unchanged; the
 * password is required, and the old address learns of the change, so a
 * borrowed session alone cannot quietly move the account.
 */
export async function changeEmail(
  deps: Pick<Deps, 'db' | 'pii' | 'clock'>,
  userId: string,
  input: { email: string; password: string },
): Promise<{ user: User; previousEmail: string | null }> {
  const email = normaliseEmail(input.email);
  if (email.length > EMAIL_MAX || !EMAIL_PATTERN.test(email)) {
    throw new AppError('VALIDATION_FAILED', 'Invalid e-mail address', [{ field: 'body/email', message: 'must be an email address' }]);
  }
  const row = await findUserById(deps.db, userId);
  if (!row || row.erased_at !== null || row.email_cipher === null) throw gone();
  if (!row.password_hash || !(await verifyPassword(row.password_hash, input.password))) {
    throw new AppError('VALIDATION_FAILED', 'The password is incorrect', [{ field: 'body/password', message: 'is incorrect' }]);
  }
  const previous = await deps.pii.open(row.email_cipher);
  if (previous === email) return { user: await toUser(deps.pii, row), previousEmail: null };
  const now = deps.clock.now();
  const emailCipher = await deps.pii.seal(userId, email);
  try {
    await deps.db.transaction().execute(async (tx) => {
      if (!(await setEmail(tx, userId, { emailHash: deps.pii.blindIndex(email), emailCipher }))) throw gone();
      await writeAudit(tx, { actorId: userId, action: 'user.email_changed', subjectType: 'user', subjectId: userId, at: now });
    });
  } catch (e) {
    if (isUniqueViolation(e, 'users_email_hash_key')) {
      throw new AppError('EMAIL_TAKEN', 'Another account uses this address', {
        fields: [{ field: 'body/email', message: 'is used by another account' }],
      });
    }
    throw e;
  }
  const updated = await findUserById(deps.db, userId);
  if (!updated || updated.erased_at !== null) throw gone();
  return { user: await toUser(deps.pii, updated), previousEmail: previous };
}

/** After a change of address: the confirmation link to the new one, and a notice to the old one (the owner may not have made it). */
export async function mailEmailChange(deps: Deps, userId: string, previousEmail: string): Promise<void> {
  await sendEmailVerification(deps, userId);
  await deps.mailer.send({
    to: previousEmail,
    subject: 'The e-mail address of your Boxoffice account was changed',
    text: [
      'The e-mail address of your Boxoffice account was just changed, and this address is no longer used for it.',
      '',
      'If you did not do this, reset your password from the sign-in page at once and contact the organizer’s support.',
    ].join('\n'),
    key: `email-changed-${userId}`,
  });
}
