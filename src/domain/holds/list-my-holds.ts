import type { Deps } from '../../context.js';
import { liveHoldsOfUser } from '../../db/repositories/my-holds.repository.js';
import { headingFactsOf, headingOf } from '../catalogue/event-heading.js';
import { extensionOfferFrom } from './hold-extension.js';
import { holdViewOf } from './hold-view.js';
import type { HoldView } from './hold.types.js';

/**
 * The fan's live holds, whichever tab or device made them, so any of them can
 * resume the checkout or let the seats go. Expired holds are not listed: their
 * seats are already free to others. One statement, however many holds.
 */
export async function listMyHolds(deps: Deps, userId: string): Promise<HoldView[]> {
  const rows = await liveHoldsOfUser(deps.db, userId, deps.clock.now());
  return rows.map((r) =>
    holdViewOf(
      r,
      r.seats,
      headingOf(headingFactsOf({ ...r, id: r.event_id, status: r.event_status })),
      extensionOfferFrom(deps, r, { holdSeconds: r.hold_seconds, queue: r.queue, queueAutoEnabled: r.queue_auto_enabled }),
    ),
  );
}
