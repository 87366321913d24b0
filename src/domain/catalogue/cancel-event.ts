import type { Deps } from '../../context.js';
import { findEventRow, updateEvent } from '../../db/repositories/events.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { AppError } from '../errors.js';
import type { AdminEventView } from './catalogue.types.js';
import { invalid, loadEventView, managedEvent } from './event-view.js';

/**
 * Published → cancelled, with the organizer's reason. The page stays up with
 * the notice; sales stop at once (holds and checkouts check the status under
 * the event row's lock); the booking worker cancels and refunds every order
 * and mails each holder why, from the 'event.cancelled' outbox row written
 * here, one order per transaction so an interrupted run resumes.
 */
export async function cancelEvent(deps: Deps, actor: Principal, eventId: string, input: { reason: string }): Promise<AdminEventView> {
  const now = deps.clock.now();
  const reason = input.reason.trim().replace(/\s+/g, ' ');
  if (reason.length === 0) throw invalid([{ field: 'body/reason', message: 'say why the event is cancelled' }]);
  return deps.db.transaction().execute(async (tx) => {
    const event = await managedEvent(tx, actor, eventId, true);
    if (event.status === 'draft') throw new AppError('INVALID_STATE', 'A draft has no buyers: delete it instead');
    if (event.status !== 'published') throw new AppError('INVALID_STATE', `The event is already ${event.status}`);
    await updateEvent(tx, eventId, { status: 'cancelled', cancel_reason: reason, cancelled_at: now, updated_at: now });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.cancelled',
      subjectType: 'event',
      subjectId: eventId,
      details: { reason },
    });
    await enqueueOutbox(tx, now, [{ topic: 'event.cancelled', aggregateId: eventId, payload: { eventId, reason } }]);
    return loadEventView(tx, (await findEventRow(tx, eventId))!, now);
  });
}
