import type { Deps } from '../../context.js';
import { consumeAccountToken, isAccountTokenLive, markEmailVerified } from '../../db/repositories/account-tokens.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { revokeUserSessions } from '../../db/repositories/sessions.repository.js';
import { findUserByEmailHash, setPasswordHash } from '../../db/repositories/users.repository.js';
import { accountTokenHash } from '../../security/account-tokens.js';
import { hashPassword } from '../../security/passwords.js';
import { AppError } from '../errors.js';
import { issueAccountLink, PASSWORD_RESET_TTL_MS } from './account-links.js';
import { checkNewPassword, normaliseEmail } from './users.rules.js';

/**
 * Mails a single-use reset link if the address belongs to a live account. The
 * caller learns nothing either way (same answer, and the mail is sent after
 * the reply), so the form cannot be used to find out who has an account.
 */
export async function requestPasswordReset(deps: Deps, email: string): Promise<void> {
  const row = await findUserByEmailHash(deps.db, deps.pii.blindIndex(normaliseEmail(email)));
  if (!row || row.erased_at !== null || row.email_cipher === null) return;
  const to = await deps.pii.open(row.email_cipher);
  const link = await issueAccountLink(deps, row.id, 'password_reset', '/reset-password');
  void deps.mailer
    .send({
      to,
      subject: 'Reset your Boxoffice password',
      text: [
        'Someone (we hope you) asked to reset the password of your Boxoffice account.',
        `Choose a new password here within ${PASSWORD_RESET_TTL_MS / 60_000} minutes:`,
        '',
        link,
        '',
        'The link works once. If you did not ask for this, ignore this mail: your password stays as it is.',
      ].join('\n'),
      key: `password-reset-${row.id}`,
    })
    .catch((err: unknown) => deps.logger.error({ err }, 'password reset mail not sent'));
}

/**
 * Sets a new password from a mailed token: the token is used once, every
 * session of the account ends (whoever was signed in is out), and the address
 * counts as verified — the link proved its owner reads it.
 */
export async function resetPassword(deps: Deps, input: { token: string; newPassword: string }): Promise<void> {
  checkNewPassword(input.newPassword, 'body/newPassword');
  const token = { purpose: 'password_reset' as const, tokenHash: accountTokenHash(input.token), now: deps.clock.now() };
  // Checked before hashing: a stream of made-up tokens must not buy argon2 time.
  if (!(await isAccountTokenLive(deps.db, token))) throw expired();
  const passwordHash = await hashPassword(input.newPassword);
  const now = token.now;
  await deps.db.transaction().execute(async (tx) => {
    const userId = await consumeAccountToken(tx, token);
    if (!userId) throw expired();
    await setPasswordHash(tx, userId, passwordHash);
    await revokeUserSessions(tx, userId, now);
    await markEmailVerified(tx, userId, now);
    await writeAudit(tx, { actorId: userId, action: 'user.password_reset', subjectType: 'user', subjectId: userId, at: now });
  });
}

const expired = () => invalidToken('This reset link is invalid, used or expired; ask for a new one');

export function invalidToken(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field: 'body/token', message: 'is invalid, used or expired' }]);
}
