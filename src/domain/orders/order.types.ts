import type { EventHeading } from '../catalogue/event-heading.js';
import type { OrderStatus } from '../../db/schema.js';
import type { Money, PriceBreakdown } from '../money.js';
import type { HeldSeat } from '../holds/hold.types.js';

export interface TicketView {
  id: string;
  seatId: string;
  serial: string;
  status: string;
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
}
