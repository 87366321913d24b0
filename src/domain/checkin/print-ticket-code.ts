import type { Deps } from '../../context.js';
import type { EventSigningKey } from '../../security/ticket-signing.js';
import { encodePayload, joinCode } from './ticket-code.format.js';

export interface PrintableTicket {
  id: string;
  eventId: string;
  seatId: string;
  /** The ticket's code version: voiding or reissuing bumps it, and every print code made before stops admitting. */
  codeVersion: number;
}

/**
 * The code printed on a PDF ticket: signed with the event's key like the
 * rotating code, but with no time step, because paper cannot refresh itself.
 * Ed25519 signatures are deterministic, so every download of the PDF carries
 * the same code until the ticket is voided or reissued. It still admits once:
 * the door takes it through the same conditional UPDATE as the app's code.
 */
export function printTicketCode(deps: Pick<Deps, 'ticketSigning'>, key: EventSigningKey, ticket: PrintableTicket): string {
  const signed = encodePayload({
    kind: 'print',
    ticketId: ticket.id,
    eventId: ticket.eventId,
    seatId: ticket.seatId,
    version: ticket.codeVersion,
    step: 0,
  });
  return joinCode(signed, deps.ticketSigning.sign(key, signed));
}
