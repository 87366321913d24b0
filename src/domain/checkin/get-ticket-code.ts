import type { Deps } from '../../context.js';
import { findTicket } from '../../db/repositories/checkin.repository.js';
import { AppError, forbidden, notFound } from '../errors.js';
import type { TicketCode } from './checkin.types.js';
import { eventSigningKey } from './event-signing-key.js';
import { encodePayload, expiresAtOf, joinCode, stepAt } from './ticket-code.format.js';

/**
 * The ticket's current code for its owner: signed for this 30-second step, so
 * a screenshot stops working within about a minute and a half. A void ticket
 * has no code; a used one still shows (the door answers "already used").
 */
export async function getTicketCode(deps: Deps, userId: string, ticketId: string): Promise<TicketCode> {
  const ticket = await findTicket(deps.db, ticketId);
  if (!ticket) throw notFound('Ticket');
  if (ticket.user_id !== userId) throw forbidden('This ticket belongs to another account');
  if (ticket.status === 'void') throw new AppError('INVALID_STATE', 'This ticket is void');
  const key = await eventSigningKey(deps, ticket.event_id);
  const step = stepAt(deps.clock.now().getTime());
  const signed = encodePayload({
    kind: 'rotating',
    ticketId,
    eventId: ticket.event_id,
    seatId: ticket.seat_id,
    version: ticket.code_version,
    step,
  });
  return { code: joinCode(signed, deps.ticketSigning.sign(key, signed)), expiresAt: expiresAtOf(step).toISOString() };
}
