import type { Deps } from '../../context.js';
import { admitTicket, findTicket, recordScan } from '../../db/repositories/checkin.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { checkTicketCode } from './check-ticket-code.js';
import { checkedInMessage } from './checkin-announcement.js';
import { gateName, reasons, refusalOf, scannedTicket } from './checkin.rules.js';
import type { ScanOutcome } from './checkin.types.js';
import { doorAccess } from './door-access.js';

/**
 * A scan at the door of `eventId`. Admission is the one conditional UPDATE in
 * admitTicket: fifty phones scanning one ticket at two gates admit it once.
 * Every scan, admitted or refused, is logged for the gate statistics.
 */
export async function scanTicket(
  deps: Deps,
  actor: Principal,
  input: { eventId: string; code: string; gate?: string | undefined },
): Promise<ScanOutcome> {
  await doorAccess(deps.db, actor, input.eventId);
  const now = deps.clock.now();
  const gate = gateName(input.gate);
  const log = { eventId: input.eventId, scannerId: actor.userId, gate, source: 'online' as const, scannedAt: now };
  const check = await checkTicketCode(deps, input.eventId, input.code, now.getTime());
  if (!check.ok) {
    await recordScan(deps.db, { ...log, ticketId: null, result: check.result });
    return { result: check.result, reason: check.reason };
  }
  const { payload } = check;
  return deps.db.transaction().execute(async (tx) => {
    const admitted = await admitTicket(tx, {
      ticketId: payload.ticketId,
      eventId: input.eventId,
      version: payload.version,
      at: now,
      gate,
      scannerId: actor.userId,
    });
    const ticket = await findTicket(tx, payload.ticketId);
    const result = admitted ? 'admitted' : refusalOf(ticket, payload);
    await recordScan(tx, { ...log, ticketId: ticket ? ticket.id : null, result });
    if (admitted) await enqueueOutbox(tx, now, [checkedInMessage(payload.ticketId, input.eventId, now, gate, 'online')]);
    const outcome: ScanOutcome = { result, reason: reasons[result] };
    if (ticket) outcome.ticket = scannedTicket(ticket);
    if (ticket && (result === 'admitted' || result === 'already_used') && ticket.checked_in_at) {
      outcome.usedAt = ticket.checked_in_at.toISOString();
      outcome.gate = ticket.checked_in_gate ?? undefined;
    }
    return outcome;
  });
}
