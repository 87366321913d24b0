import type { Deps } from '../../context.js';
import { isUniqueViolation } from '../../db/pg-errors.js';
import { insertUser } from '../../db/repositories/users.repository.js';
import { hashPassword } from '../../security/passwords.js';
import { AppError } from '../errors.js';
import { toUser } from './user-view.js';
import { checkAccountInput } from './users.rules.js';
import type { AccountInput, User } from './users.types.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';

/**
 * Creates an account with one role: self-registration (always `customer`) and
 * the operator CLI (any role) both come through here.
 */
export async function createAccount(deps: Pick<Deps, 'db' | 'pii' | 'clock'>, input: AccountInput): Promise<User> {
  const { email, name } = checkAccountInput(input);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  try {
    const row = await deps.db.transaction().execute(async (tx) => {
      const inserted = await insertUser(tx, {
        emailHash: deps.pii.blindIndex(email),
        emailCipher: deps.pii.encrypt(email),
        nameCipher: name === null ? null : deps.pii.encrypt(name),
        passwordHash,
        roles: [input.role],
        createdAt: now,
      });
      const via = input.via ?? 'registration';
      await writeAudit(tx, {
        actorId: via === 'registration' ? inserted.id : null,
        action: 'user.created',
        subjectType: 'user',
        subjectId: inserted.id,
        details: { role: input.role, via },
        at: now,
      });
      return inserted;
    });
    return toUser(deps.pii, row);
  } catch (e) {
    // The unique index decides races: a check-then-insert would let two
    // simultaneous registrations of one address both pass the check.
    if (isUniqueViolation(e, 'users_email_hash_key')) {
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
    }
    throw e;
  }
}
