import type { Deps } from '../../context.js';
import { upcomingOrdersOfUser } from '../../db/repositories/personal-data.repository.js';
import { money, type Money } from '../money.js';

/** What erasure does to bookings, as the account page states it before the confirmation step. */
export const erasurePolicy = [
  'Tickets for events that have not started yet are voided and their orders refunded in full to the card that paid, except an order with a ticket you transferred to another fan: that ticket stays theirs and the order stays as it is.',
  'Transfer offers you made and nobody accepted yet are cancelled.',
  'Orders of past events stay for accounting, attached to an anonymous account number without your name or address.',
  'Unfinished checkouts are abandoned (anything charged is refunded) and seats you hold are released.',
  'Your name, e-mail address, password, sessions, consents and the e-mails we kept are deleted, and the key that sealed your data is destroyed, so backups cannot reveal it either.',
].join(' ');

export interface UpcomingTicketsOfOrder {
  orderId: string;
  eventTitle: string;
  startsAt: Date;
  venueTimeZone: string;
  ticketCount: number;
  refund: Money;
}

export interface ErasurePreview {
  upcomingTickets: UpcomingTicketsOfOrder[];
  policy: string;
}

export async function previewErasure(deps: Pick<Deps, 'db' | 'clock'>, userId: string): Promise<ErasurePreview> {
  const rows = await upcomingOrdersOfUser(deps.db, userId, deps.clock.now());
  return {
    upcomingTickets: rows.map((r) => ({
      orderId: r.id,
      eventTitle: r.title,
      startsAt: r.starts_at,
      venueTimeZone: r.timezone,
      ticketCount: Number(r.ticket_count),
      refund: money(Math.max(0, Number(r.refundable)), r.currency),
    })),
    policy: erasurePolicy,
  };
}
