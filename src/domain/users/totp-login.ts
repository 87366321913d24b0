import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { finishChallenge, insertLoginChallenge, spendChallengeAttempt } from '../../db/repositories/totp.repository.js';
import { findUserById } from '../../db/repositories/users.repository.js';
import { AppError } from '../errors.js';
import { useSecondFactor } from './second-factor.js';
import { startSession } from './start-session.js';
import { toUser } from './user-view.js';
import type { Session } from './users.types.js';

export const LOGIN_CHALLENGE_TTL_MS = 5 * 60_000;
/** Wrong codes one challenge takes before the password must be typed again (a million codes, five guesses). */
export const LOGIN_CHALLENGE_ATTEMPTS = 5;

type LoginDeps = Pick<Deps, 'db' | 'pii' | 'tokens' | 'clock' | 'config'>;

const challengeHash = (challenge: string): Buffer => createHash('sha256').update(challenge, 'utf8').digest();

/**
 * The password was right and the account has TOTP on: no session yet, only a
 * short-lived challenge naming the account, which the second step trades with
 * a code for a session. Thrown as TOTP_REQUIRED (401) so a client that knows
 * nothing of two-factor sign-in never mistakes it for success.
 */
export async function requireSecondStep(deps: Pick<Deps, 'db' | 'clock'>, userId: string): Promise<never> {
  const challenge = randomBytes(32).toString('base64url');
  const createdAt = deps.clock.now();
  const expiresAt = new Date(createdAt.getTime() + LOGIN_CHALLENGE_TTL_MS);
  await insertLoginChallenge(deps.db, { userId, tokenHash: challengeHash(challenge), createdAt, expiresAt });
  throw new AppError('TOTP_REQUIRED', 'Enter the 6-digit code from your authenticator app, or a recovery code', {
    challenge,
    expiresAt: expiresAt.toISOString(),
  });
}

/** The second step of sign-in: a live challenge and a right, unused code open a session. */
export async function completeTotpLogin(deps: LoginDeps, input: { challenge: string; code: string }): Promise<Session> {
  const now = deps.clock.now();
  // The attempt is counted (and committed) before the code is looked at: guesses in parallel share the budget.
  const spent = await spendChallengeAttempt(deps.db, {
    tokenHash: challengeHash(input.challenge),
    now,
    maxAttempts: LOGIN_CHALLENGE_ATTEMPTS,
  });
  if (!spent) {
    throw new AppError(
      'INVALID_CREDENTIALS',
      'This sign-in has expired or had too many wrong codes: enter your e-mail and password again',
      {
        restart: true,
      },
    );
  }
  const session = await deps.db.transaction().execute(async (tx) => {
    const factor = await useSecondFactor(deps, tx, spent.userId, input.code);
    if (!factor) return null;
    if (!(await finishChallenge(tx, spent.id, now))) return null;
    const row = await findUserById(tx, spent.userId);
    if (!row || row.erased_at !== null) return null;
    if (factor === 'recovery') {
      await writeAudit(tx, { actorId: row.id, action: 'user.recovery_code_used', subjectType: 'user', subjectId: row.id, at: now });
    }
    return { user: await toUser(deps.pii, row), ...(await startSession(deps, row.id, tx)) };
  });
  if (!session) throw new AppError('INVALID_CREDENTIALS', 'The code is incorrect or was already used');
  return session;
}
