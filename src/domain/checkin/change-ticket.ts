import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { findTicket, findTicketBySerial, reissueTicket, voidTicket } from '../../db/repositories/checkin.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { AppError, notFound } from '../errors.js';
import { scannedTicket } from './checkin.rules.js';
import type { ScannedTicket } from './checkin.types.js';

export interface DoorTicket extends ScannedTicket {
  eventId: string;
  version: number;
  usedAt: string | null;
  gate: string | null;
}

async function view(deps: Deps, ticketId: string): Promise<DoorTicket> {
  const t = await findTicket(deps.db, ticketId);
  if (!t) throw notFound('Ticket');
  return {
    ...scannedTicket(t),
    eventId: t.event_id,
    version: t.code_version,
    usedAt: t.checked_in_at?.toISOString() ?? null,
    gate: t.checked_in_gate,
  };
}

/** A ticket of the organizer's event, found by the serial printed under its QR code. */
export async function findDoorTicket(deps: Deps, actor: Principal, eventId: string, serial: string): Promise<DoorTicket> {
  await managedEvent(deps.db, actor, eventId);
  const t = await findTicketBySerial(deps.db, eventId, serial.trim().toUpperCase());
  if (!t) throw notFound('Ticket');
  return view(deps, t.id);
}

/**
 * Void (a lost phone, a ticket handed on against the rules) or reissue (the
 * same seat with a fresh code, e.g. after a screenshot went round). Both bump
 * the ticket's code version, so every code shown before is refused as void.
 */
export async function changeTicket(deps: Deps, actor: Principal, ticketId: string, change: 'void' | 'reissue'): Promise<DoorTicket> {
  const ticket = await findTicket(deps.db, ticketId);
  if (!ticket) throw notFound('Ticket');
  await managedEvent(deps.db, actor, ticket.event_id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const done = change === 'void' ? await voidTicket(tx, ticketId, now) : await reissueTicket(tx, ticketId);
    if (!done) {
      const why =
        change === 'void'
          ? 'The ticket is already void'
          : ticket.status === 'used'
            ? 'A ticket that has been checked in cannot be reissued'
            : 'Only a ticket of a confirmed order can be reissued';
      throw new AppError('INVALID_STATE', why);
    }
    const action = change === 'void' ? 'ticket.voided' : 'ticket.reissued';
    await enqueueOutbox(tx, now, [{ topic: action, aggregateId: ticketId, payload: { eventId: ticket.event_id } }]);
    await writeAudit(tx, {
      actorId: actor.userId,
      action,
      subjectType: 'ticket',
      subjectId: ticketId,
      at: now,
    });
  });
  return view(deps, ticketId);
}
