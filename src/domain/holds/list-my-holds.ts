import type { Deps } from '../../context.js';
import { holdSeatDetails } from '../../db/repositories/holds.repository.js';
import { liveHoldsOfUser } from '../../db/repositories/my-holds.repository.js';
import { money } from '../money.js';
import type { MyHold } from './hold.types.js';

/**
 * The fan's live holds, whichever tab or device made them, so any of them can
 * resume the checkout or let the seats go. Expired holds are not listed: their
 * seats are already free to others.
 */
export async function listMyHolds(deps: Deps, userId: string): Promise<MyHold[]> {
  const rows = await liveHoldsOfUser(deps.db, userId, deps.clock.now());
  return Promise.all(
    rows.map(async (r) => {
      const seats = await holdSeatDetails(deps.db, r.id);
      return {
        id: r.id,
        eventId: r.event_id,
        status: r.status,
        seats: seats.map((s) => ({
          id: s.seat_id,
          section: s.section_name,
          sectionId: s.section_id,
          row: s.row_label,
          number: s.number,
          price: money(s.price_amount, r.currency),
        })),
        total: money(r.total_amount, r.currency),
        expiresAt: r.expires_at.toISOString(),
        event: {
          id: r.event_id,
          title: r.title,
          startsAt: r.starts_at.toISOString(),
          venue: { name: r.venue_name, city: r.city, timezone: r.timezone },
        },
      };
    }),
  );
}
