import type { Executor } from '../../db/client.js';
import { holdSeatDetails } from '../../db/repositories/holds.repository.js';
import type { OrderRow } from '../../db/repositories/orders.repository.js';
import { moneyOfOrders } from '../../db/repositories/payments.repository.js';
import { ticketsOfOrders } from '../../db/repositories/tickets.repository.js';
import { eventHeadings } from '../catalogue/event-heading.js';
import { allInBreakdown, money } from '../money.js';
import type { OrderView } from './order.types.js';

export async function orderViews(db: Executor, orders: OrderRow[]): Promise<OrderView[]> {
  const ids = orders.map((o) => o.id);
  const [tickets, sums, seats, events] = await Promise.all([
    ticketsOfOrders(db, ids),
    moneyOfOrders(db, ids),
    Promise.all(orders.map((o) => holdSeatDetails(db, o.hold_id))),
    eventHeadings(
      db,
      orders.map((o) => o.event_id),
    ),
  ]);
  const sumOf = new Map(sums.map((s) => [s.id, s]));
  return orders.map((o, i) => {
    const s = sumOf.get(o.id);
    const captured = Number(s?.captured ?? 0);
    const refunded = Number(s?.refunded ?? 0);
    return {
      id: o.id,
      eventId: o.event_id,
      event: events.get(o.event_id)!,
      holdId: o.hold_id,
      status: o.status,
      total: money(o.total_amount, o.currency),
      breakdown: allInBreakdown(money(o.total_amount, o.currency), events.get(o.event_id)!.venue.taxRateBasisPoints),
      paid: money(captured - refunded, o.currency),
      refunded: money(refunded, o.currency),
      seats: seats[i]!.map((x) => ({
        id: x.seat_id,
        section: x.section_name,
        sectionId: x.section_id,
        row: x.row_label,
        number: x.number,
        price: money(x.price_amount, o.currency),
      })),
      tickets: tickets.filter((t) => t.order_id === o.id).map((t) => ({ id: t.id, seatId: t.seat_id, serial: t.serial, status: t.status })),
      createdAt: o.created_at.toISOString(),
      confirmedAt: o.confirmed_at?.toISOString() ?? null,
      cancelledAt: o.cancelled_at?.toISOString() ?? null,
    };
  });
}

export async function orderView(db: Executor, order: OrderRow): Promise<OrderView> {
  const [view] = await orderViews(db, [order]);
  return view!;
}
