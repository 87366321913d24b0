import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { unassignScanner as deleteAssignment } from '../../db/repositories/checkin.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { notFound } from '../errors.js';
import type { ScannerView } from './checkin.types.js';
import { listScanners } from './list-scanners.js';

/** Takes a scanner off the event's door staff; its next scan or sync is refused. */
export async function unassignScanner(deps: Deps, actor: Principal, eventId: string, userId: string): Promise<ScannerView[]> {
  await managedEvent(deps.db, actor, eventId);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    if (!(await deleteAssignment(tx, eventId, userId))) throw notFound('Scanner assignment');
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.scanner_unassigned',
      subjectType: 'event',
      subjectId: eventId,
      details: { userId },
      at: now,
    });
  });
  return listScanners(deps, actor, eventId);
}
