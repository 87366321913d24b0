import type { EventHeading } from '../catalogue/event-heading.js';
import type { OrderStatus } from '../../db/schema.js';
import type { Money, PriceBreakdown } from '../money.js';
import type { HeldSeat } from '../holds/hold.types.js';

export interface TicketView {
  id: string;
  seatId: string;
  serial: string;
  status: string;
  /** Handed to another fan by an accepted transfer: theirs now, not in this order's PDF or app codes. */
  transferred: boolean;
}

export interface OrderView {
  id: string;
  eventId: string;
  /** Title, start and venue (with its IANA zone), kept however the event changes later. */
  event: EventHeading;
  holdId: string;
  status: OrderStatus;
  total: Money;
  /** The all-in total split into price before tax, tax and booking fee. */
  breakdown: PriceBreakdown;
  /** Derived from payment and refund rows, never stored. */
  paid: Money;
  refunded: Money;
  seats: HeldSeat[];
  tickets: TicketView[];
  createdAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
  /** Until when the customer may cancel for a full refund (cut-off or reschedule window); null when they cannot. */
  cancellableUntil: string | null;
  /** Booked before the event moved: the end of the refund window that move opened. */
  rescheduleRefundUntil: string | null;
}
