import type { Deps } from '../../context.js';
import { liveHoldsOfUser } from '../../db/repositories/my-holds.repository.js';
import { holdView } from './hold-view.js';
import type { HoldView } from './hold.types.js';

/**
 * The fan's live holds, whichever tab or device made them, so any of them can
 * resume the checkout or let the seats go. Expired holds are not listed: their
 * seats are already free to others.
 */
export async function listMyHolds(deps: Deps, userId: string): Promise<HoldView[]> {
  const rows = await liveHoldsOfUser(deps.db, userId, deps.clock.now());
  return Promise.all(rows.map((r) => holdView(deps.db, r)));
}
