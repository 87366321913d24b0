import type { Deps } from '../../context.js';
import { findTicket } from '../../db/repositories/checkin.repository.js';
import { printTicketCode } from '../checkin/print-ticket-code.js';
import type { OrderView } from '../orders/order.types.js';

/**
 * What each ticket's QR code holds wherever it is printed (PDF, the mail's
 * PDF): the ticket's print code, read at the ticket's current code version so
 * a reissued ticket's new PDF admits and the old paper does not.
 */
export async function ticketQrContents(deps: Pick<Deps, 'db' | 'ticketSigning'>, order: Pick<OrderView, 'tickets'>) {
  const codes = new Map<string, string>();
  for (const t of order.tickets) {
    const row = await findTicket(deps.db, t.id);
    if (!row || row.status === 'void') continue;
    codes.set(t.id, await printTicketCode(deps, { id: row.id, eventId: row.event_id, seatId: row.seat_id, codeVersion: row.code_version }));
  }
  return codes;
}
