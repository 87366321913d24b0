import type { Deps } from '../../context.js';
import { findEventRow, updateEvent } from '../../db/repositories/events.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { AppError } from '../errors.js';
import type { AdminEventView } from './catalogue.types.js';
import { loadEventView, managedEvent } from './event-view.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';

/**
 * Takes an event out of the catalogue. Refunding its orders is the booking
 * worker's job: it consumes the 'event.removed' outbox row written here in the
 * same transaction, so no removal can lose its refunds.
 */
export async function removeEvent(deps: Deps, actor: Principal, eventId: string): Promise<AdminEventView> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const event = await managedEvent(tx, actor, eventId, true);
    if (event.status === 'removed') throw new AppError('INVALID_STATE', 'The event is already removed');
    await updateEvent(tx, eventId, { status: 'removed', updated_at: now });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.removed',
      subjectType: 'event',
      subjectId: eventId,
      details: { previousStatus: event.status },
    });
    await enqueueOutbox(tx, now, [{ topic: 'event.removed', aggregateId: eventId, payload: { eventId } }]);
    return loadEventView(tx, (await findEventRow(tx, eventId))!, now);
  });
}
