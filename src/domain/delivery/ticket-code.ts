import type { Deps } from '../../context.js';
import { findPrintableTickets } from '../../db/repositories/checkin.repository.js';
import type { EventSigningKey } from '../../security/ticket-signing.js';
import { eventSigningKey } from '../checkin/event-signing-key.js';
import { printTicketCode } from '../checkin/print-ticket-code.js';
import type { OrderView } from '../orders/order.types.js';

/**
 * What each ticket's QR code holds wherever it is printed (PDF, the mail's
 * PDF): the ticket's print code, read at the ticket's current code version so
 * a reissued ticket's new PDF admits and the old paper does not.
 */
export async function ticketQrContents(deps: Pick<Deps, 'db' | 'ticketSigning'>, order: Pick<OrderView, 'tickets'>) {
  const rows = await findPrintableTickets(
    deps.db,
    order.tickets.map((t) => t.id),
  );
  // One read of the tickets and one of each event's key for the whole order, not two per ticket.
  const keys = new Map<string, Promise<EventSigningKey>>();
  const keyOf = (eventId: string) => keys.get(eventId) ?? keys.set(eventId, eventSigningKey(deps, eventId)).get(eventId)!;
  const codes = new Map<string, string>();
  for (const row of rows) {
    if (row.status === 'void') continue;
    const ticket = { id: row.id, eventId: row.event_id, seatId: row.seat_id, codeVersion: row.code_version };
    codes.set(row.id, printTicketCode(deps, await keyOf(row.event_id), ticket));
  }
  return codes;
}
