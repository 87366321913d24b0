import type { Deps } from '../../context.js';
import {
  findTransferView,
  listIncomingTransfers,
  listOutgoingTransfers,
  listReceivedTickets,
} from '../../db/repositories/transfers.repository.js';
import { findUserById } from '../../db/repositories/users.repository.js';
import { notFound } from '../errors.js';
import { money } from '../money.js';
import { transfersCloseAt } from './transfers.rules.js';
import type { TransferStatus, TransferTicket, TransferView } from './transfers.types.js';

type TransferRow = Awaited<ReturnType<typeof listOutgoingTransfers>>[number];

/** Each list is capped: a fan has a handful of tickets on the move, not pages of them. */
const listLimit = 100;

function ticketOf(
  r: {
    serial: string;
    event_id: string;
    event_title: string;
    starts_at: Date;
    transfer_cutoff_minutes: number;
    timezone: string;
    section_name: string;
    row_label: string | null;
    seat_number: number | null;
  },
  id: string,
  status: string,
): TransferTicket {
  return {
    id,
    serial: r.serial,
    status,
    eventId: r.event_id,
    eventTitle: r.event_title,
    startsAt: r.starts_at.toISOString(),
    venueTimeZone: r.timezone,
    seat: { section: r.section_name, row: r.row_label, number: r.seat_number },
    transfersCloseAt: transfersCloseAt(r.starts_at, r.transfer_cutoff_minutes).toISOString(),
  };
}

const viewOf = (r: TransferRow): TransferView => ({
  id: r.id,
  status: r.status as TransferStatus,
  to: r.to_email_hint,
  faceValue: money(r.face_value_amount, r.currency),
  createdAt: r.created_at.toISOString(),
  settledAt: r.settled_at?.toISOString() ?? null,
  ticket: ticketOf(r, r.ticket_id, r.ticket_status),
});

export async function getTransfer(deps: Deps, transferId: string): Promise<TransferView> {
  const row = await findTransferView(deps.db, transferId);
  if (!row) throw notFound('Transfer');
  return viewOf(row);
}

export interface MyTransfers {
  /** Open offers to an address this account confirmed. */
  incoming: TransferView[];
  /** Offers this account made, open and settled. */
  outgoing: TransferView[];
  /** Tickets transferred to this account. */
  received: TransferTicket[];
}

/**
 * What My bookings shows about transfers. Offers to the account's address are
 * listed only once that address is confirmed: anyone can type an address into
 * a sign-up form, only its owner can confirm it.
 */
export async function listMyTransfers(deps: Deps, userId: string): Promise<MyTransfers & { emailVerified: boolean }> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw notFound('Account');
  const emailVerified = user.email_verified_at !== null;
  const [incoming, outgoing, received] = await Promise.all([
    emailVerified && user.email_hash ? listIncomingTransfers(deps.db, user.email_hash, listLimit) : Promise.resolve([]),
    listOutgoingTransfers(deps.db, userId, listLimit),
    listReceivedTickets(deps.db, userId, listLimit),
  ]);
  return {
    emailVerified,
    incoming: incoming.map(viewOf),
    outgoing: outgoing.map(viewOf),
    received: received.map((r) => ticketOf(r, r.id, r.status)),
  };
}
