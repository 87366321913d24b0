import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { findTransferableTicket, insertTransfer } from '../../db/repositories/transfers.repository.js';
import { publicUrlOf } from '../delivery/public-url.js';
import { AppError, forbidden, notFound } from '../errors.js';
import { formatVenueTime } from '../local-time.js';
import { formatMoney } from '../money.js';
import { getCurrentUser } from '../users/get-current-user.js';
import { normaliseEmail } from '../users/users.rules.js';
import { getTransfer } from './list-transfers.js';
import { maskEmail, transfersCloseAt } from './transfers.rules.js';
import type { TransferView } from './transfers.types.js';

/**
 * The holder offers a ticket to whoever confirmed `email`. The answer is the
 * same whether or not an account uses that address (nobody can probe for
 * accounts this way); the offer waits for an account that confirms it. The
 * ticket stays the sender's, and valid, until the offer is accepted.
 */
export async function offerTransfer(deps: Deps, input: { userId: string; ticketId: string; email: string }): Promise<TransferView> {
  const ticket = await findTransferableTicket(deps.db, input.ticketId);
  if (!ticket) throw notFound('Ticket');
  if (ticket.holder_id !== input.userId) throw forbidden('This ticket belongs to another account');
  const now = deps.clock.now();
  assertTransferable(ticket, now);
  const email = normaliseEmail(input.email);
  const sender = await getCurrentUser(deps, input.userId);
  if (email === sender.email) {
    throw new AppError('VALIDATION_FAILED', 'This is your own address', [
      { field: 'body/email', message: 'is your own: send the ticket to someone else' },
    ]);
  }
  const transferId = await deps.db.transaction().execute(async (tx) => {
    const row = await insertTransfer(tx, {
      ticketId: ticket.id,
      fromUserId: input.userId,
      toEmailHash: deps.pii.blindIndex(email),
      toEmailHint: maskEmail(email),
      amount: ticket.price_amount,
      currency: ticket.currency,
      now,
    });
    if (!row) throw new AppError('CONFLICT', 'This ticket is already on offer: cancel that offer first');
    await writeAudit(tx, {
      actorId: input.userId,
      action: 'ticket.transfer_offered',
      subjectType: 'ticket',
      subjectId: ticket.id,
      at: now,
    });
    return row.id;
  });
  const view = await getTransfer(deps, transferId);
  void deps.mailer
    .send({
      to: email,
      subject: `${sender.name} sent you a ticket for ${view.ticket.eventTitle}`,
      text: [
        `${sender.name} wants to transfer a ticket to you on Boxoffice:`,
        '',
        `${view.ticket.eventTitle}, ${formatVenueTime(view.ticket.startsAt, view.ticket.venueTimeZone)} (${view.ticket.venueTimeZone})`,
        `${view.ticket.seat.section}${view.ticket.seat.row ? `, row ${view.ticket.seat.row}` : ''}${view.ticket.seat.number !== null ? `, seat ${view.ticket.seat.number}` : ''}`,
        `Face value ${formatMoney(view.faceValue)} — a transfer costs you nothing.`,
        '',
        `Accept it in My bookings before ${formatVenueTime(view.ticket.transfersCloseAt, view.ticket.venueTimeZone)}:`,
        `${publicUrlOf(deps.config)}/bookings`,
        '',
        'Sign in (or create an account) with this address and confirm it; the ticket then gets a new code in your name.',
      ].join('\n'),
      key: `transfer-offered-${transferId}`,
    })
    .catch((err: unknown) => deps.logger.error({ err }, 'transfer offer mail not sent'));
  return view;
}

/** Only a valid ticket of a confirmed order, for a published event, before the organizer's cut-off. */
export function assertTransferable(
  t: { status: string; order_status: string; event_status: string; starts_at: Date; transfer_cutoff_minutes: number },
  now: Date,
): void {
  if (t.order_status !== 'confirmed' || t.status !== 'valid' || t.event_status !== 'published') {
    const why = t.status === 'used' ? 'it has been checked in' : t.status === 'void' ? 'it is void' : 'its order or event is no longer on';
    throw new AppError('INVALID_STATE', `This ticket cannot be transferred: ${why}`);
  }
  const closes = transfersCloseAt(t.starts_at, t.transfer_cutoff_minutes);
  if (now >= closes) {
    throw new AppError(
      'INVALID_STATE',
      `Transfers for this event closed at ${closes.toISOString()} (${t.transfer_cutoff_minutes} minutes before the start)`,
    );
  }
}
