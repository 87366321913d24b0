import type { Money } from '../money.js';

export type TransferStatus = 'pending' | 'accepted' | 'declined' | 'cancelled';

/** A ticket as a transfer shows it: the event in its venue's zone and the seat. */
export interface TransferTicket {
  id: string;
  serial: string;
  status: string;
  eventId: string;
  eventTitle: string;
  startsAt: string;
  venueTimeZone: string;
  seat: { section: string; row: string | null; number: number | null };
  /** After this, the ticket can no longer be offered or accepted. */
  transfersCloseAt: string;
}

export interface TransferView {
  id: string;
  status: TransferStatus;
  /** The recipient's address, masked: it is not stored. */
  to: string;
  /** Face value: transfers carry no markup and no payment. */
  faceValue: Money;
  createdAt: string;
  settledAt: string | null;
  ticket: TransferTicket;
}
