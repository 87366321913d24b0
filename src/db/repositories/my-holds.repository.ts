import { sql } from 'kysely';
import type { Executor } from '../client.js';
import type { EventStatus } from '../schema.js';

/** A seat of a listed hold, as holdSeatDetails reads it. */
export interface MyHoldSeat {
  seat_id: string;
  price_amount: string;
  row_label: string | null;
  number: number;
  section_name: string;
  section_id: string;
}

export interface MyHoldRow {
  id: string;
  event_id: string;
  status: string;
  currency: string;
  total_amount: string;
  /** The access code's discount already taken off total_amount (migration 0029). */
  discount_amount: string;
  expires_at: Date;
  created_at: Date;
  extensions: number;
  seats: MyHoldSeat[];
  /** The event's heading, as eventHeadingRows reads it. */
  title: string;
  starts_at: Date;
  event_status: EventStatus;
  cancel_reason: string | null;
  rescheduled_from: Date | null;
  rescheduled_at: Date | null;
  reschedule_refund_until: Date | null;
  cancellation_cutoff_hours: number;
  venue_id: string;
  venue_name: string;
  city: string;
  timezone: string;
  tax_rate_bp: number;
  /** What the extension offer needs: the event's hold time, queue policy and whether demand switched its queue on. */
  hold_seconds: number;
  queue: unknown;
  queue_auto_enabled: boolean;
}

/**
 * The account's holds that still keep seats (active and not yet expired), with
 * their seats, their event's heading and what their extension offer needs, in
 * one statement (it was one for the list plus two per hold); newest first, at
 * most 50. Served by holds_user_idx.
 */
export const liveHoldsStatement = (userId: string, now: Date) => sql<MyHoldRow>`
  select h.id, h.event_id, h.status, h.currency, h.total_amount, h.discount_amount, h.expires_at, h.created_at, h.extensions,
         coalesce((select jsonb_agg(jsonb_build_object(
                            'seat_id', hs.seat_id::text, 'price_amount', hs.price_amount::text, 'row_label', s.row_label,
                            'number', s.number, 'section_name', sec.name, 'section_id', sec.id) order by hs.seat_id)
                     from hold_seats hs join seats s on s.id = hs.seat_id join sections sec on sec.id = s.section_id
                    where hs.hold_id = h.id), '[]') as seats,
         e.title, e.starts_at, e.status as event_status, e.cancel_reason, e.rescheduled_from, e.rescheduled_at,
         e.reschedule_refund_until, e.cancellation_cutoff_hours, v.id as venue_id, v.name as venue_name, v.city,
         v.timezone, v.tax_rate_bp, e.hold_seconds, e.queue, coalesce(qs.auto_enabled, false) as queue_auto_enabled
    from holds h
    join events e on e.id = h.event_id
    join venues v on v.id = e.venue_id
    left join queue_states qs on qs.event_id = h.event_id
   where h.user_id = ${userId} and h.status = 'active' and h.expires_at > ${now}
   order by h.created_at desc
   limit 50`;

export async function liveHoldsOfUser(db: Executor, userId: string, now: Date): Promise<MyHoldRow[]> {
  return (await liveHoldsStatement(userId, now).execute(db)).rows;
}
