import { sql, type RawBuilder } from 'kysely';
import { forCaller } from './sessions.repository.js';
import type { Executor } from '../client.js';
import type { EventStatus } from '../schema.js';

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
  /**
   * The fan came through a waiting room and may hold a price quote from their
   * admission: `place_hold_quoted` (migration 0014) applies it in the same statement.
   */
  quoted?: boolean;
  /** A presale/access code (migration 0029): checked, used and its discount applied in the same statement. */
  accessCode?: string | null;
  /**
   * The caller's session, checked in the same statement (live, not revoked, account not erased) instead of a look-up
   * of its own before it: without a live session the statement holds nothing and answers no row.
   */
  sessionId?: string | null;
}

/** What `place_hold` (migrations 0008, 0030) answers: 'held' with the hold, or why not. */
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
  | 'mixed_currency'
  | 'code_required'
  | 'code_invalid'
  | 'code_expired'
  | 'code_exhausted'
  | 'tier_locked';

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
  /** The event's heading (as eventHeadingRows reads it), on 'held' only. */
  title: string | null;
  starts_at: Date | null;
  status: EventStatus | null;
  cancel_reason: string | null;
  rescheduled_from: Date | null;
  rescheduled_at: Date | null;
  reschedule_refund_until: Date | null;
  cancellation_cutoff_hours: number | null;
  venue_id: string | null;
  venue_name: string | null;
  city: string | null;
  timezone: string | null;
  tax_rate_bp: number | null;
  /** The access code's discount taken off `total_amount` (0 without one), and the code as stored. */
  discount_amount: string | null;
  access_code: string | null;
}

/**
 * `place_hold_headed` (migration 0027; access codes 0029; leaner 0030): the hold statement plus the
 * event's heading for the reply.
 */
export const placeHoldStatement = (a: PlaceHold): RawBuilder<PlaceHoldRow> => forCaller<PlaceHoldRow>(a, (user) => placeHoldCall(a, user));

const placeHoldCall = (a: PlaceHold, userId: RawBuilder<string>) => sql`
  place_hold_headed(${a.quoted ?? false}, ${a.eventId}::uuid, ${userId}, ${a.seatIds}::bigint[], ${a.sectionId}::uuid,
                    ${a.quantity}::integer, ${a.now}::timestamptz, ${a.skipLocked}, ${a.accessCode ?? null}::text)`;

/**
 * The whole hold in one statement, one round trip, its own transaction: sale
 * state, booking rule, limit, seat claim, price lock, hold row (see
 * src/db/migrations/0008-one-trip-hold.ts and 0030-lean-hold.ts), and the event's heading.
 * Refusals come back as outcomes; lock timeouts and deadlocks are thrown (the
 * caller's BUSY).
 */
export async function placeHold(db: Executor, a: PlaceHold): Promise<PlaceHoldRow | 'no_session'> {
  const { rows } = await placeHoldStatement(a).execute(db);
  const row = rows[0];
  if (row) return row;
  if (a.sessionId) return 'no_session';
  throw new Error('place_hold returned no row');
}
