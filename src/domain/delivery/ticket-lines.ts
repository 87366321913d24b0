import { numberFormat } from '../intl-formats.js';
import { formatVenueTime } from '../local-time.js';
import { formatMoney } from '../money.js';
import type { OrderView, TicketView } from '../orders/order.types.js';

/** Documents carry no reader's locale: one English form, times in the venue's zone with its abbreviation. */
export const documentLocale = 'en-US';

/** "Stalls, row A, seat 3" or "Floor, standing". */
export function seatLabel(seat: OrderView['seats'][number]): string {
  return seat.row ? `${seat.section}, row ${seat.row}, seat ${seat.number}` : `${seat.section}, standing`;
}

/** When the show starts, as the venue's clock shows it, e.g. "Sat, Dec 5, 2026, 8:00 PM GMT+1". */
export const venueStart = (order: OrderView): string => formatVenueTime(order.event.startsAt, order.event.venue.timezone, documentLocale);

/** An amount with its ISO 4217 code spelled out, so "$" never leaves a reader guessing which dollar. */
export const amountText = (m: { amount: number; currency: string }): string => `${formatMoney(m, documentLocale)} (${m.currency})`;

/** Tickets that admit someone: valid or already scanned, never voided ones. */
export const admittingTickets = (order: OrderView): TicketView[] => order.tickets.filter((t) => t.status !== 'void');

/** Where the buyer finds the booking in the web app. */
export const bookingLink = (publicUrl: string, orderId: string): string => `${publicUrl.replace(/\/+$/, '')}/orders/${orderId}`;

/** Basis points as a percentage (2000 → "20%", 825 → "8.25%"). */
export const formatPercent = (basisPoints: number): string =>
  numberFormat(documentLocale, { style: 'percent', maximumFractionDigits: 3 }).format(basisPoints / 10_000);
