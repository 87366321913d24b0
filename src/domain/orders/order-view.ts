import type { Executor } from '../../db/client.js';
import { orderViewRows, type OrderViewRow } from '../../db/repositories/order-views.repository.js';
import type { OrderRow } from '../../db/repositories/orders.repository.js';
import { headingFactsOf, headingOf } from '../catalogue/event-heading.js';
import { allInBreakdown, money } from '../money.js';
import type { OrderView } from './order.types.js';
import { cancellableUntil, rescheduleRefundUntil } from './orders.rules.js';

/** Views of these orders, in their order; one statement. */
export async function orderViews(db: Executor, orders: OrderRow[]): Promise<OrderView[]> {
  const rows = new Map(
    (
      await orderViewRows(
        db,
        orders.map((o) => o.id),
      )
    ).map((r) => [r.id, r]),
  );
  return orders.map((o) => viewOf(rows.get(o.id)!));
}

export async function orderView(db: Executor, order: OrderRow): Promise<OrderView> {
  const [view] = await orderViews(db, [order]);
  return view!;
}

/** The order as it stands now and its view, in one statement; undefined when there is no such order. */
export async function findOrderView(db: Executor, orderId: string): Promise<{ order: OrderRow; view: OrderView } | undefined> {
  const [row] = await orderViewRows(db, [orderId]);
  return row ? { order: row, view: viewOf(row) } : undefined;
}

function viewOf(o: OrderViewRow): OrderView {
  const captured = Number(o.captured);
  const refunded = Number(o.refunded);
  const facts = headingFactsOf({ ...o, id: o.event_id, status: o.event_status, cancel_reason: o.event_cancel_reason });
  const cancellation = {
    startsAt: facts.startsAtDate,
    cutoffHours: facts.cancellationCutoffHours,
    rescheduledAt: facts.rescheduledAt,
    rescheduleRefundUntil: facts.rescheduleRefundUntil,
    orderCreatedAt: o.created_at,
  };
  return {
    id: o.id,
    eventId: o.event_id,
    event: headingOf(facts),
    holdId: o.hold_id,
    status: o.status,
    total: money(o.total_amount, o.currency),
    breakdown: allInBreakdown(money(o.total_amount, o.currency), facts.venue.taxRateBasisPoints, Number(o.discount_amount)),
    paid: money(captured - refunded, o.currency),
    refunded: money(refunded, o.currency),
    seats: o.seats.map((x) => ({
      id: x.seat_id,
      section: x.section_name,
      sectionId: x.section_id,
      row: x.row_label,
      number: x.number,
      price: money(x.price_amount, o.currency),
    })),
    tickets: o.tickets.map((t) => ({ id: t.id, seatId: t.seat_id, serial: t.serial, status: t.status, transferred: t.transferred })),
    createdAt: o.created_at.toISOString(),
    confirmedAt: o.confirmed_at?.toISOString() ?? null,
    cancelledAt: o.cancelled_at?.toISOString() ?? null,
    // A ticket handed on is the recipient's: the buyer can no longer cancel the order (cancel-order.ts).
    cancellableUntil:
      o.status === 'confirmed' && facts.status === 'published' && !o.tickets.some((t) => t.transferred)
        ? cancellableUntil(cancellation).toISOString()
        : null,
    rescheduleRefundUntil: rescheduleRefundUntil(cancellation)?.toISOString() ?? null,
  };
}
