import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { findTransferableTicket, findTransferView, handOverTicket, settleTransfer } from '../../db/repositories/transfers.repository.js';
import { findUserById } from '../../db/repositories/users.repository.js';
import { AppError, forbidden, notFound } from '../errors.js';
import { formatVenueTime } from '../local-time.js';
import { getCurrentUser } from '../users/get-current-user.js';
import { getTransfer } from './list-transfers.js';
import { assertTransferable } from './offer-transfer.js';
import type { TransferView } from './transfers.types.js';

/** The recipient's blind index, only once they confirmed the address the offer was made to. */
async function confirmedAddressOf(deps: Deps, userId: string): Promise<Buffer> {
  const user = await findUserById(deps.db, userId);
  if (!user || user.erased_at !== null || !user.email_hash) throw notFound('Account');
  if (user.email_verified_at === null) {
    throw forbidden('Confirm your e-mail address first (see the link we mailed you): only its owner may accept a ticket sent to it');
  }
  return user.email_hash;
}

const closedOffer = () => new AppError('CONFLICT', 'This offer is no longer open (accepted, declined or cancelled)');

/**
 * The recipient takes the ticket. In one transaction: the offer closes (only
 * if still open and addressed to this account's confirmed address) and the
 * ticket changes holder with a new code version (only if still valid and
 * still the sender's). Either both happen or neither does.
 */
export async function acceptTransfer(deps: Deps, input: { userId: string; transferId: string }): Promise<TransferView> {
  const emailHash = await confirmedAddressOf(deps, input.userId);
  const offer = await findTransferView(deps.db, input.transferId);
  // An offer to another address is none of this account's business.
  if (!offer || !offer.to_email_hash.equals(emailHash)) throw notFound('Transfer');
  if (offer.from_user_id === input.userId) throw new AppError('VALIDATION_FAILED', 'You cannot accept your own offer');
  if (offer.status !== 'pending') throw closedOffer();
  const ticket = await findTransferableTicket(deps.db, offer.ticket_id);
  if (!ticket) throw notFound('Ticket');
  const now = deps.clock.now();
  assertTransferable(ticket, now);
  await deps.db.transaction().execute(async (tx) => {
    const settled = await settleTransfer(tx, {
      transferId: input.transferId,
      status: 'accepted',
      now,
      toUserId: input.userId,
      toEmailHash: emailHash,
    });
    if (!settled) throw closedOffer();
    const handed = await handOverTicket(tx, { ticketId: settled.ticket_id, fromUserId: settled.from_user_id, toUserId: input.userId });
    if (!handed) throw new AppError('INVALID_STATE', 'This ticket cannot be transferred any more: it was used, voided or refunded');
    await enqueueOutbox(tx, now, [
      { topic: 'ticket.transferred', aggregateId: settled.ticket_id, payload: { eventId: ticket.event_id, transferId: input.transferId } },
    ]);
    await writeAudit(tx, {
      actorId: input.userId,
      action: 'ticket.transferred',
      subjectType: 'ticket',
      subjectId: settled.ticket_id,
      details: { transferId: input.transferId, fromUserId: settled.from_user_id },
      at: now,
    });
  });
  const view = await getTransfer(deps, input.transferId);
  void notifySender(deps, offer.from_user_id, input.userId, view);
  return view;
}

async function notifySender(deps: Deps, senderId: string, recipientId: string, view: TransferView): Promise<void> {
  try {
    const [sender, recipient] = await Promise.all([getCurrentUser(deps, senderId), getCurrentUser(deps, recipientId)]);
    await deps.mailer.send({
      to: sender.email,
      subject: `${recipient.name} accepted your ticket for ${view.ticket.eventTitle}`,
      text: [
        `${recipient.name} accepted the ticket you sent (${view.ticket.serial}) for ${view.ticket.eventTitle},`,
        `${formatVenueTime(view.ticket.startsAt, view.ticket.venueTimeZone)} (${view.ticket.venueTimeZone}).`,
        '',
        'It has a new code in their name: the code you had, in the app or printed, no longer gets anyone in.',
      ].join('\n'),
      key: `transfer-accepted-${view.id}`,
    });
  } catch (err) {
    deps.logger.error({ err }, 'transfer accepted mail not sent');
  }
}

/** The recipient says no; the ticket stays the sender's and may be offered again. */
export async function declineTransfer(deps: Deps, input: { userId: string; transferId: string }): Promise<TransferView> {
  const emailHash = await confirmedAddressOf(deps, input.userId);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const settled = await settleTransfer(tx, { transferId: input.transferId, status: 'declined', now, toEmailHash: emailHash });
    if (!settled) throw await missingOrClosed(deps, input.transferId, (o) => o.to_email_hash.equals(emailHash));
    await writeAudit(tx, {
      actorId: input.userId,
      action: 'ticket.transfer_declined',
      subjectType: 'ticket',
      subjectId: settled.ticket_id,
      at: now,
    });
  });
  return getTransfer(deps, input.transferId);
}

/** The sender takes an open offer back. */
export async function cancelTransfer(deps: Deps, input: { userId: string; transferId: string }): Promise<TransferView> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const settled = await settleTransfer(tx, { transferId: input.transferId, status: 'cancelled', now, fromUserId: input.userId });
    if (!settled) throw await missingOrClosed(deps, input.transferId, (o) => o.from_user_id === input.userId);
    await writeAudit(tx, {
      actorId: input.userId,
      action: 'ticket.transfer_cancelled',
      subjectType: 'ticket',
      subjectId: settled.ticket_id,
      at: now,
    });
  });
  return getTransfer(deps, input.transferId);
}

/** Someone else's offer is not found (it is none of the caller's business); the caller's own closed offer is a conflict. */
async function missingOrClosed(
  deps: Deps,
  transferId: string,
  isParty: (o: { to_email_hash: Buffer; from_user_id: string }) => boolean,
): Promise<AppError> {
  const offer = await findTransferView(deps.db, transferId);
  return offer && isParty(offer) ? closedOffer() : notFound('Transfer');
}
