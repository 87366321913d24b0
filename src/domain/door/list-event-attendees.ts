import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { attendeePage } from '../../db/repositories/door.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { attendeeView, doorLimits } from './attendee-view.js';
import { doorFilter } from './door-filter.js';
import type { AttendeeView, DoorPage, DoorQuery } from './door.types.js';

/**
 * The event's attendees (tickets of confirmed orders, in seat order) for its
 * organizer or an admin. Personal data (invariant 6): the read and its audit
 * row commit together; the audit says whether a search narrowed it, never the term.
 */
export async function listEventAttendees(deps: Deps, actor: Principal, eventId: string, query: DoorQuery): Promise<DoorPage<AttendeeView>> {
  const limit = query.limit ?? doorLimits.defaultPage;
  const offset = query.offset ?? 0;
  return deps.db.transaction().execute(async (tx) => {
    await managedEvent(tx, actor, eventId);
    const filter = await doorFilter(deps, tx, eventId, query.q, true);
    const { rows, total } = await attendeePage(tx, eventId, filter, { limit, offset });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.attendees.viewed',
      subjectType: 'event',
      subjectId: eventId,
      details: { search: filter !== null, offset, shown: rows.length },
      at: deps.clock.now(),
    });
    return { items: await Promise.all(rows.map((r) => attendeeView(deps.pii, r))), total, offset, limit };
  });
}
