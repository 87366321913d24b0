import { sql } from 'kysely';
import type { Executor } from '../client.js';

export interface PlaceHold {
  eventId: string;
  userId: string;
  /** Specific seats (all-or-nothing), or null for best available in `sectionId`. */
  seatIds: string[] | null;
  sectionId: string | null;
  quantity: number;
  now: Date;
  /** Pass over rows rivals are deciding on (first try); false waits for them. */
  skipLocked: boolean;
}

/** What `place_hold` (migration 0008) answers: 'held' with the hold, or why not. */
export type PlaceHoldOutcome =
  | 'held'
  | 'not_found'
  | 'not_on_sale'
  | 'inventory_not_ready'
  | 'limit_exceeded'
  | 'section_not_found'
  | 'active_booking'
  | 'seats_unavailable'
  | 'retry_waiting'
  | 'sold_out'
  | 'mixed_currency';

export interface PlacedSeat {
  id: string;
  price: string;
  row: string | null;
  number: number;
  section: string;
  sectionId: string;
}

export interface PlaceHoldRow {
  outcome: PlaceHoldOutcome;
  hold_id: string | null;
  expires_at: Date | null;
  currency: string | null;
  total_amount: string | null;
  seats: PlacedSeat[] | null;
  detail: { limit?: number; seatIds?: string[] } | null;
}

export const placeHoldStatement = (a: PlaceHold) => sql<PlaceHoldRow>`
  select * from place_hold(${a.eventId}::uuid, ${a.userId}::uuid, ${a.seatIds}::bigint[], ${a.sectionId}::uuid,
                           ${a.quantity}::integer, ${a.now}::timestamptz, ${a.skipLocked})`;

/**
 * The whole hold in one statement, one round trip, its own transaction: sale
 * state, booking rule, limit, seat claim, price lock, hold row (see
 * src/db/migrations/0008-one-trip-hold.ts). Refusals come back as outcomes;
 * lock timeouts and deadlocks are thrown (the caller's BUSY).
 */
export async function placeHold(db: Executor, a: PlaceHold): Promise<PlaceHoldRow> {
  const { rows } = await placeHoldStatement(a).execute(db);
  const row = rows[0];
  if (!row) throw new Error('place_hold returned no row');
  return row;
}
