import type { Executor } from '../../db/client.js';
import { holdSeatDetails } from '../../db/repositories/holds.repository.js';
import { eventHeadings } from '../catalogue/event-heading.js';
import { allInBreakdown, money } from '../money.js';
import type { HoldView } from './hold.types.js';

export async function holdView(
  db: Executor,
  hold: { id: string; event_id: string; status: string; currency: string; total_amount: number | string; expires_at: Date },
): Promise<HoldView> {
  const [seats, events] = await Promise.all([holdSeatDetails(db, hold.id), eventHeadings(db, [hold.event_id])]);
  return {
    id: hold.id,
    eventId: hold.event_id,
    event: events.get(hold.event_id)!,
    status: hold.status,
    seats: seats.map((s) => ({
      id: s.seat_id,
      section: s.section_name,
      sectionId: s.section_id,
      row: s.row_label,
      number: s.number,
      price: money(s.price_amount, hold.currency),
    })),
    total: money(hold.total_amount, hold.currency),
    breakdown: allInBreakdown(money(hold.total_amount, hold.currency), events.get(hold.event_id)!.venue.taxRateBasisPoints),
    expiresAt: hold.expires_at.toISOString(),
  };
}
