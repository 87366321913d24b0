import type { Deps } from '../../context.js';
import { findUserByEmailHash } from '../../db/repositories/users.repository.js';
import { verifyPassword } from '../../security/passwords.js';
import { AppError } from '../errors.js';
import { hasTotpOn } from './second-factor.js';
import { startSession } from './start-session.js';
import { requireSecondStep } from './totp-login.js';
import { toUser } from './user-view.js';
import { normaliseEmail } from './users.rules.js';
import type { Session } from './users.types.js';

/**
 * An argon2id hash (library defaults, same cost as real ones) of a password
 * nobody knows. Unknown emails are verified against it so the reply takes as
 * long as for a wrong password and timing does not reveal who has an account.
 */
const DUMMY_HASH = '$argon2id$v=19$m=65536,p=4,t=3$6mMJSkaLSTZdBCVGDkHBnw$Hr8RgGc5j9almnRNjcjTAcSIuiwnSqcM3oWOqwbCSkY';

const invalidCredentials = (): AppError => new AppError('INVALID_CREDENTIALS', 'Email or password is incorrect');

export async function logIn(
  deps: Pick<Deps, 'db' | 'pii' | 'tokens' | 'clock' | 'config'>,
  input: { email: string; password: string },
): Promise<Session> {
  const row = await findUserByEmailHash(deps.db, deps.pii.blindIndex(normaliseEmail(input.email)));
  const ok = await verifyPassword(row?.password_hash ?? DUMMY_HASH, input.password);
  if (!row || !row.password_hash || !ok) throw invalidCredentials();
  if (await hasTotpOn(deps.db, row.id)) await requireSecondStep(deps, row.id);
  const user = await toUser(deps.pii, row);
  return { user, ...(await startSession(deps, user.id)) };
}
