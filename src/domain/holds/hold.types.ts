import type { EventHeading } from '../catalogue/event-heading.js';
import type { Money, PriceBreakdown } from '../money.js';

export type HoldRequest = ({ seatIds: string[] } | { sectionId: string; quantity: number }) & { accessCode?: string | undefined };

export interface HeldSeat {
  id: string;
  section: string;
  sectionId: string;
  row: string | null;
  number: number;
  price: Money;
}

export interface HoldView {
  id: string;
  eventId: string;
  /** Title, start and venue (with its IANA zone), kept however the event changes later. */
  event: EventHeading;
  status: string;
  seats: HeldSeat[];
  total: Money;
  /** The all-in total split into price before tax, tax and booking fee. */
  breakdown: PriceBreakdown;
  expiresAt: string;
  /** Whether the fan may still extend it (POST /holds/:id/extend). */
  extension: HoldExtension;
}

export interface HoldExtension {
  /** Extensions still allowed; 0 when none is possible now. */
  left: number;
  /** The expiry an extension now would give; null when none is possible. */
  nextExpiresAt: string | null;
}
