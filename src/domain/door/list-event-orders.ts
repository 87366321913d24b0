import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { eventOrderPage } from '../../db/repositories/door.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { money } from '../money.js';
import { doorLimits } from './attendee-view.js';
import { doorFilter } from './door-filter.js';
import type { DoorPage, DoorQuery, EventOrderRowView } from './door.types.js';

/**
 * The event's orders (all but failed payments), newest first, with their
 * buyers, for its organizer or an admin; audited like every read of personal data.
 */
export async function listEventOrders(
  deps: Deps,
  actor: Principal,
  eventId: string,
  query: DoorQuery,
): Promise<DoorPage<EventOrderRowView>> {
  const limit = query.limit ?? doorLimits.defaultPage;
  const offset = query.offset ?? 0;
  return deps.db.transaction().execute(async (tx) => {
    await managedEvent(tx, actor, eventId);
    const filter = await doorFilter(deps, tx, eventId, query.q, false);
    const { rows, total } = await eventOrderPage(tx, eventId, filter, { limit, offset });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.orders.viewed',
      subjectType: 'event',
      subjectId: eventId,
      details: { search: filter !== null, offset, shown: rows.length },
      at: deps.clock.now(),
    });
    return {
      items: await Promise.all(
        rows.map(async (r) => ({
          id: r.id,
          status: r.status,
          total: money(r.total_amount, r.currency),
          seats: Number(r.seat_count ?? 0),
          name: r.name_cipher ? await deps.pii.open(r.name_cipher) : null,
          email: r.email_cipher ? await deps.pii.open(r.email_cipher) : null,
          createdAt: r.created_at.toISOString(),
          confirmedAt: r.confirmed_at?.toISOString() ?? null,
          cancelledAt: r.cancelled_at?.toISOString() ?? null,
        })),
      ),
      total,
      offset,
      limit,
    };
  });
}
