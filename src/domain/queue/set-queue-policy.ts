import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { updateEvent } from '../../db/repositories/events.repository.js';
import { findEventForBooking } from '../../db/repositories/holds.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { ensureQueueState } from '../../db/repositories/queue.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { AppError } from '../errors.js';
import { forgetQueueState } from './queue-context.js';
import { parseQueuePolicy } from './queue.rules.js';
import type { QueuePolicy } from './queue.types.js';

/**
 * The organizer switches the waiting room on or off and tunes it; fields not
 * given keep their value. Stored in the event's `queue` JSON, which event
 * creation accepts too.
 */
export async function setQueuePolicy(deps: Deps, actor: Principal, eventId: string, patch: Partial<QueuePolicy>): Promise<QueuePolicy> {
  const now = deps.clock.now();
  const policy = await deps.db.transaction().execute(async (tx) => {
    const event = await managedEvent(tx, actor, eventId, true);
    if (event.status === 'removed' || event.status === 'cancelled')
      throw new AppError('INVALID_STATE', `A ${event.status} event cannot be changed`);
    const current = await findEventForBooking(tx, eventId);
    const next = parseQueuePolicy({ ...parseQueuePolicy(current?.queue), ...patch });
    await updateEvent(tx, eventId, { queue: JSON.stringify(next), updated_at: now });
    if (next.enabled) await ensureQueueState(tx, eventId, now);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.queue_policy',
      subjectType: 'event',
      subjectId: eventId,
      details: { ...next },
    });
    await enqueueOutbox(tx, now, [{ topic: 'event.updated', aggregateId: eventId, payload: { eventId, fields: ['queue'] } }]);
    return next;
  });
  forgetQueueState(deps, eventId);
  return policy;
}
