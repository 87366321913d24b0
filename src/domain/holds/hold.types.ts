import type { Money } from '../money.js';

export type HoldRequest = { seatIds: string[] } | { sectionId: string; quantity: number };

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
  status: string;
  seats: HeldSeat[];
  total: Money;
  expiresAt: string;
}

/** A live hold with the event facts a fan recognises it by (title, venue, local start time). */
export interface MyHold extends HoldView {
  event: { id: string; title: string; startsAt: string; venue: { name: string; city: string; timezone: string } };
}
