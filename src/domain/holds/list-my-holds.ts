import type { Deps } from '../../context.js';
import { liveHoldsOfUser } from '../../db/repositories/my-holds.repository.js';
import { holdView } from './hold-view.js';
import type { MyHold } from './hold.types.js';

/**
 * The fan's live holds, whichever tab or device made them, so any of them can
 * resume the checkout or let the seats go. Expired holds are not listed: their
 * seats are already free to others.
 */
export async function listMyHolds(deps: Deps, userId: string): Promise<MyHold[]> {
  const rows = await liveHoldsOfUser(deps.db, userId, deps.clock.now());
  return Promise.all(
    rows.map(async (r) => ({
      ...(await holdView(deps.db, r)),
      event: {
        id: r.event_id,
        title: r.title,
        startsAt: r.starts_at.toISOString(),
        venue: { name: r.venue_name, city: r.city, timezone: r.timezone },
      },
    })),
  );
}
