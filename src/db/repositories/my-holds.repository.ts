import type { Executor } from '../client.js';

/**
 * The account's holds that still keep seats (active and not yet expired), with
 * what the fan needs to recognise them; newest first. Served by holds_user_idx.
 */
export async function liveHoldsOfUser(db: Executor, userId: string, now: Date) {
  return db
    .selectFrom('holds as h')
    .innerJoin('events as e', 'e.id', 'h.event_id')
    .innerJoin('venues as v', 'v.id', 'e.venue_id')
    .select([
      'h.id',
      'h.event_id',
      'h.status',
      'h.currency',
      'h.total_amount',
      'h.expires_at',
      'e.title',
      'e.starts_at',
      'v.name as venue_name',
      'v.city',
      'v.timezone',
    ])
    .where('h.user_id', '=', userId)
    .where('h.status', '=', 'active')
    .where('h.expires_at', '>', now)
    .orderBy('h.created_at', 'desc')
    .limit(50)
    .execute();
}
