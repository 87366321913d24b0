import { randomUUID } from 'node:crypto';
import type { Deps } from '../../context.js';
import { isUniqueViolation } from '../../db/pg-errors.js';
import { insertUser } from '../../db/repositories/users.repository.js';
import { hashPassword } from '../../security/passwords.js';
import { AppError } from '../errors.js';
import { toUser } from './user-view.js';
import { checkAccountInput } from './users.rules.js';
import type { AccountInput, User } from './users.types.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { grantConsent } from '../privacy/consents.js';

/**
 * Creates an account with one role: self-registration (always `customer`) and
 * the operator CLI (any role) both come through here.
 */
export async function createAccount(deps: Pick<Deps, 'db' | 'pii' | 'clock'>, input: AccountInput): Promise<User> {
  const { email, name } = checkAccountInput(input);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const id = randomUUID();
  // The key is written before the account (outside its transaction): a failed insert leaves an unused key, never a row without one.
  const emailCipher = await deps.pii.seal(id, email);
  const nameCipher = name === null ? null : await deps.pii.seal(id, name);
  try {
    const row = await deps.db.transaction().execute(async (tx) => {
      const inserted = await insertUser(tx, {
        id,
        emailHash: deps.pii.blindIndex(email),
        emailCipher,
        nameCipher,
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
      // Signing up is accepting the terms shown on the form: recorded with the wording's version.
      if (via === 'registration') await grantConsent(tx, inserted.id, 'terms', now);
      return inserted;
    });
    return await toUser(deps.pii, row);
  } catch (e) {
    // The unique index decides races: a check-then-insert would let two
    // simultaneous registrations of one address both pass the check.
    if (isUniqueViolation(e, 'users_email_hash_key')) {
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
    }
    throw e;
  }
}
