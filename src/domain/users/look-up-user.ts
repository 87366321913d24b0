import type { Deps } from '../../context.js';
import { findUserByEmailHash, findUserById, type UserRow } from '../../db/repositories/users.repository.js';
import { notFound } from '../errors.js';
import { toAdminView } from './user-view.js';
import { normaliseEmail } from './users.rules.js';
import type { AdminUserView } from './users.types.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';

export type UserQuery = { id: string } | { email: string };

/**
 * An admin reads someone's personal data. Invariant 6: the read and its audit
 * row commit together, so no admin view goes unrecorded.
 */
export async function lookUpUser(deps: Pick<Deps, 'db' | 'pii' | 'clock'>, actorId: string, query: UserQuery): Promise<AdminUserView> {
  return deps.db.transaction().execute(async (tx) => {
    let row: UserRow | undefined;
    if ('id' in query) row = await findUserById(tx, query.id);
    else row = await findUserByEmailHash(tx, deps.pii.blindIndex(normaliseEmail(query.email)));
    if (!row) throw notFound('User');
    await writeAudit(tx, {
      actorId,
      action: 'user.viewed',
      subjectType: 'user',
      subjectId: row.id,
      // How, never the email itself: the audit log must not become a PII store.
      details: { via: 'id' in query ? 'id' : 'email' },
      at: deps.clock.now(),
    });
    return await toAdminView(deps.pii, row);
  });
}
