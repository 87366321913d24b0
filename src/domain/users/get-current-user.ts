import type { Deps } from '../../context.js';
import { findUserById } from '../../db/repositories/users.repository.js';
import { AppError } from '../errors.js';
import { toUser } from './user-view.js';
import type { User } from './users.types.js';

/**
 * The account behind a valid token. Tokens outlive erasure (they are stateless),
 * so the row is checked: an erased or vanished account is unauthenticated.
 */
export async function getCurrentUser(deps: Pick<Deps, 'db' | 'pii'>, userId: string): Promise<User> {
  const row = await findUserById(deps.db, userId);
  if (!row || row.erased_at !== null) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
  return await toUser(deps.pii, row);
}
