import type { Executor } from '../../db/client.js';
import { holdSeatDetails } from '../../db/repositories/holds.repository.js';
import { eventHeadings, type EventHeading } from '../catalogue/event-heading.js';
import { allInBreakdown, money } from '../money.js';
import type { HoldExtension, HoldView } from './hold.types.js';

interface HoldFacts {
  id: string;
  event_id: string;
  status: string;
  currency: string;
  total_amount: number | string;
  /** The access code's discount already taken off total_amount (migration 0029). */
  discount_amount: number | string;
  expires_at: Date;
}

interface HoldSeatFacts {
  seat_id: string;
  price_amount: number | string;
  row_label: string | null;
  number: number;
  section_name: string;
  section_id: string;
}

export async function holdView(db: Executor, hold: HoldFacts, extension: HoldExtension): Promise<HoldView> {
  const [seats, events] = await Promise.all([holdSeatDetails(db, hold.id), eventHeadings(db, [hold.event_id])]);
  return holdViewOf(hold, seats, events.get(hold.event_id)!, extension);
}

/** The view from what was already read (GET /me/holds reads seats and heading in its one statement). */
export function holdViewOf(hold: HoldFacts, seats: HoldSeatFacts[], event: EventHeading, extension: HoldExtension): HoldView {
  return {
    id: hold.id,
    eventId: hold.event_id,
    event,
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
    breakdown: allInBreakdown(money(hold.total_amount, hold.currency), event.venue.taxRateBasisPoints, Number(hold.discount_amount)),
    expiresAt: hold.expires_at.toISOString(),
    extension,
  };
}
