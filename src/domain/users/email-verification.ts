import type { Deps } from '../../context.js';
import { consumeAccountToken, markEmailVerified } from '../../db/repositories/account-tokens.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { findUserById } from '../../db/repositories/users.repository.js';
import { accountTokenHash } from '../../security/account-tokens.js';
import { AppError } from '../errors.js';
import { EMAIL_VERIFICATION_TTL_MS, issueAccountLink } from './account-links.js';
import { invalidToken } from './password-reset.js';

/** Mails a link proving the account's address; answers whether one was sent (none once verified). */
export async function sendEmailVerification(deps: Deps, userId: string): Promise<{ sent: boolean }> {
  const row = await findUserById(deps.db, userId);
  if (!row || row.erased_at !== null || row.email_cipher === null) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
  if (row.email_verified_at !== null) return { sent: false };
  const link = await issueAccountLink(deps, userId, 'email_verification', '/verify-email');
  await deps.mailer.send({
    to: await deps.pii.open(row.email_cipher),
    subject: 'Confirm your e-mail address for Boxoffice',
    text: [
      'Please confirm that this is your address, so tickets, changes to your events and refunds reach you:',
      '',
      link,
      '',
      `The link works once within ${EMAIL_VERIFICATION_TTL_MS / 3_600_000} hours. If you did not create a Boxoffice account, ignore this mail.`,
    ].join('\n'),
    key: `email-verification-${userId}`,
  });
  return { sent: true };
}

export async function verifyEmail(deps: Deps, token: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const userId = await consumeAccountToken(tx, { purpose: 'email_verification', tokenHash: accountTokenHash(token), now });
    if (!userId) throw invalidToken('This confirmation link is invalid, used or expired; send a new one from your account');
    await markEmailVerified(tx, userId, now);
    await writeAudit(tx, { actorId: userId, action: 'user.email_verified', subjectType: 'user', subjectId: userId, at: now });
  });
}
