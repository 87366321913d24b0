import type { Deps } from '../../context.js';
import { findEventRow, updateEvent } from '../../db/repositories/events.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { AppError } from '../errors.js';
import type { AdminEventView } from './catalogue.types.js';
import { loadEventView, managedEvent } from './event-view.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';

/**
 * Removes a draft (issue 13: organizers "remove drafts"). Once an event was
 * published it was announced — people may have bookmarked, shared or held it —
 * so it is cancelled instead, even when nobody bought: its page stays with the
 * reason and any holder is refunded. The row is kept (status 'removed'), so the
 * organizer still finds it under "Removed" and the audit trail stays whole.
 */
export async function removeEvent(deps: Deps, actor: Principal, eventId: string): Promise<AdminEventView> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const event = await managedEvent(tx, actor, eventId, true);
    if (event.status === 'removed') throw new AppError('INVALID_STATE', 'The event is already removed');
    if (event.status === 'cancelled') throw new AppError('INVALID_STATE', 'A cancelled event stays listed for its ticket holders');
    if (event.status !== 'draft') {
      throw new AppError(
        'INVALID_STATE',
        'Only a draft can be removed: a published event is cancelled instead (its page stays with your reason, and every ticket holder is refunded and told why)',
      );
    }
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
