import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { assignScanner as insertAssignment } from '../../db/repositories/checkin.repository.js';
import { findUserByEmailHash } from '../../db/repositories/users.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { AppError } from '../errors.js';
import { normaliseEmail } from '../users/users.rules.js';
import type { ScannerView } from './checkin.types.js';
import { listScanners } from './list-scanners.js';

/**
 * The event's organizer (or an admin) puts a door-staff account on the event.
 * Only accounts with the scanner role qualify; the email is looked up by its
 * blind index and never written to the audit log.
 */
export async function assignScanner(deps: Deps, actor: Principal, eventId: string, email: string): Promise<ScannerView[]> {
  await managedEvent(deps.db, actor, eventId);
  const user = await findUserByEmailHash(deps.db, deps.pii.blindIndex(normaliseEmail(email)));
  const fields = (code: string, message: string) => [{ field: 'body/email', code, message }];
  if (!user) throw new AppError('VALIDATION_FAILED', 'No account has this email', fields('unknown', 'No account has this email'));
  if (!user.roles.includes('scanner')) {
    throw new AppError(
      'VALIDATION_FAILED',
      'This account is not door staff (role scanner)',
      fields('not_scanner', 'This account does not have the scanner role'),
    );
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await insertAssignment(tx, { eventId, userId: user.id, assignedBy: actor.userId, at: now });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.scanner_assigned',
      subjectType: 'event',
      subjectId: eventId,
      details: { userId: user.id },
      at: now,
    });
  });
  return listScanners(deps, actor, eventId);
}
