import type { TicketStatus, OrderStatus } from '../../db/schema.js';
import type { Money } from '../money.js';

/** A ticket that admits someone, with its buyer, as the door list shows it. */
export interface AttendeeView {
  ticketId: string;
  serial: string;
  status: TicketStatus;
  section: string;
  row: string | null;
  number: number;
  orderId: string;
  /** Null when the buyer erased their account (GDPR Art. 17): the ticket stays valid, the name is gone. */
  name: string | null;
  email: string | null;
}

export interface EventOrderRowView {
  id: string;
  status: OrderStatus;
  total: Money;
  seats: number;
  name: string | null;
  email: string | null;
  createdAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
}

export interface DoorPage<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface DoorQuery {
  /** Name (part of it), e-mail (whole), order number or ticket code (a prefix of at least 4 characters). */
  q?: string;
  limit?: number;
  offset?: number;
}
