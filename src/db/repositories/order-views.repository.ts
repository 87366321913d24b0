import { sql } from 'kysely';
import type { Executor } from '../client.js';
import type { EventStatus } from '../schema.js';
import type { MyHoldSeat } from './my-holds.repository.js';
import type { OrderRow } from './orders.repository.js';

export interface OrderViewRow extends OrderRow {
  /** Captured and refunded sums of the order's payments, minor units. */
  captured: string;
  refunded: string;
  /** The access code's discount of the order's hold, already taken off total_amount (migration 0029). */
  discount_amount: string;
  /** `transferred`: handed to another fan by an accepted transfer (tickets.holder_id set, migration 0025). */
  tickets: { id: string; seat_id: string; serial: string; status: string; transferred: boolean }[];
  seats: MyHoldSeat[];
  /** The event's heading, as eventHeadingRows reads it. */
  title: string;
  starts_at: Date;
  event_status: EventStatus;
  event_cancel_reason: string | null;
  rescheduled_from: Date | null;
  rescheduled_at: Date | null;
  reschedule_refund_until: Date | null;
  cancellation_cutoff_hours: number;
  venue_id: string;
  venue_name: string;
  city: string;
  timezone: string;
  tax_rate_bp: number;
}

/**
 * Orders with everything their view shows — money, tickets, seats, the
 * event's heading — in one statement (it was four, plus the order's own read).
 * One order (a checkout's reply, a mail) is asked for by `=`: the pool prepares
 * frequent statements (src/db/client.ts), and PostgreSQL keeps a generic plan
 * only when it is estimated no worse than a custom one, which `= any($1)` —
 * costed for an array of ten — never was, so the view was planned on every call
 * (a millisecond each, measured in a 100,000-fan sale).
 */
export const orderViewRowsStatement = (orderIds: string[]) => sql<OrderViewRow>`
  select o.*,
         coalesce((select sum(p.amount) from payments p where p.order_id = o.id and p.status = 'captured'), 0) as captured,
         coalesce((select sum(r.amount) from refunds r where r.order_id = o.id), 0) as refunded,
         (select h.discount_amount from holds h where h.id = o.hold_id) as discount_amount,
         coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'seat_id', t.seat_id::text, 'serial', t.serial,
                                                       'status', t.status, 'transferred', t.holder_id is not null)
                                    order by t.seat_id)
                     from tickets t where t.order_id = o.id), '[]') as tickets,
         coalesce((select jsonb_agg(jsonb_build_object(
                            'seat_id', hs.seat_id::text, 'price_amount', hs.price_amount::text, 'row_label', s.row_label,
                            'number', s.number, 'section_name', sec.name, 'section_id', sec.id) order by hs.seat_id)
                     from hold_seats hs join seats s on s.id = hs.seat_id join sections sec on sec.id = s.section_id
                    where hs.hold_id = o.hold_id), '[]') as seats,
         e.title, e.starts_at, e.status as event_status, e.cancel_reason as event_cancel_reason, e.rescheduled_from,
         e.rescheduled_at, e.reschedule_refund_until, e.cancellation_cutoff_hours, v.id as venue_id, v.name as venue_name,
         v.city, v.timezone, v.tax_rate_bp
    from orders o
    join events e on e.id = o.event_id
    join venues v on v.id = e.venue_id
   where ${orderIds.length === 1 ? sql`o.id = ${orderIds[0]}::uuid` : sql`o.id = any(${orderIds}::uuid[])`}`;

export async function orderViewRows(db: Executor, orderIds: string[]): Promise<OrderViewRow[]> {
  if (orderIds.length === 0) return [];
  return (await orderViewRowsStatement(orderIds).execute(db)).rows;
}
