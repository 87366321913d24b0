import type { Deps } from '../../context.js';
import { liveEntryOf, type LiveEntryRow } from '../../db/repositories/waiting-list.repository.js';
import type { WaitingListEntryView } from './waiting-list.types.js';

export function entryViewOf(r: LiveEntryRow): WaitingListEntryView {
  return {
    id: r.id,
    eventId: r.event_id,
    tier: r.tier_id && r.tier_name ? { id: r.tier_id, name: r.tier_name } : null,
    quantity: r.quantity,
    status: r.status,
    place: r.status === 'waiting' ? Number(r.place) : null,
    offer: r.offered_hold_id && r.offer_expires_at ? { holdId: r.offered_hold_id, expiresAt: r.offer_expires_at.toISOString() } : null,
    joinedAt: r.created_at.toISOString(),
  };
}

/** The fan's live entry for the event (waiting, or offered seats), or null. */
export async function myWaitingListEntry(deps: Deps, input: { eventId: string; userId: string }): Promise<WaitingListEntryView | null> {
  const row = await liveEntryOf(deps.db, input.eventId, input.userId);
  return row ? entryViewOf(row) : null;
}
