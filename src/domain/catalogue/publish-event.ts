import type { Deps } from '../../context.js';
import { findEventRow, updateEvent } from '../../db/repositories/events.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { AppError } from '../errors.js';
import type { AdminEventView } from './catalogue.types.js';
import { materialiseAndMarkReady } from './ensure-inventory.js';
import { loadEventView, managedEvent } from './event-view.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';

/**
 * Draft → published: the event appears in the catalogue and its inventory is
 * created in the same transaction, so a visible event always has seats to sell.
 */
export async function publishEvent(deps: Deps, actor: Principal, eventId: string): Promise<AdminEventView> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const event = await managedEvent(tx, actor, eventId, true);
    if (event.status !== 'draft') throw new AppError('INVALID_STATE', `Only a draft can be published; this event is ${event.status}`);
    if (event.starts_at <= now) throw new AppError('INVALID_STATE', 'The event has already started');
    await updateEvent(tx, eventId, { status: 'published', published_at: now, updated_at: now, seats_available: event.capacity });
    await materialiseAndMarkReady(tx, eventId);
    await writeAudit(tx, { actorId: actor.userId, action: 'event.published', subjectType: 'event', subjectId: eventId });
    await enqueueOutbox(tx, now, [{ topic: 'event.published', aggregateId: eventId, payload: { eventId } }]);
    return loadEventView(tx, (await findEventRow(tx, eventId))!, now);
  });
}
