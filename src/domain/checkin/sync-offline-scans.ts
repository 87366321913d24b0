import type { Deps } from '../../context.js';
import { admitTicket, findRecordedScan, findTicket, recordScan } from '../../db/repositories/checkin.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { checkTicketCode } from './check-ticket-code.js';
import { checkedInMessage } from './checkin-announcement.js';
import { gateName, reasons, refusalOf } from './checkin.rules.js';
import type { OfflineScan, SyncedScan } from './checkin.types.js';
import { doorAccess } from './door-access.js';
import { SKEW_SECONDS } from './ticket-code.format.js';

class AlreadyUploaded extends Error {}

/**
 * Scans a door admitted while offline, uploaded when it is back. Each is
 * judged as if scanned online at its own time: recorded when the ticket was
 * still valid (checked in at that time and gate), a conflict when the server
 * knows better — used elsewhere first, voided, or a bad code — and never
 * merged silently. Uploading the same scan again answers "duplicate".
 */
export async function syncOfflineScans(deps: Deps, actor: Principal, eventId: string, scans: OfflineScan[]): Promise<SyncedScan[]> {
  await doorAccess(deps.db, actor, eventId);
  const out: SyncedScan[] = [];
  // Oldest first: of two offline admissions of one ticket, the earlier one stands.
  const ordered = [...scans].sort((a, b) => Date.parse(a.scannedAt) - Date.parse(b.scannedAt));
  for (const scan of ordered) out.push(await syncOne(deps, actor.userId, eventId, scan));
  const position = new Map(scans.map((s, i) => [s.scanId, i]));
  return out.sort((a, b) => position.get(a.scanId)! - position.get(b.scanId)!);
}

async function syncOne(deps: Deps, scannerId: string, eventId: string, scan: OfflineScan): Promise<SyncedScan> {
  const gate = gateName(scan.gate);
  const scannedAt = new Date(scan.scannedAt);
  const log = { eventId, scannerId, gate, source: 'offline' as const, clientScanId: scan.scanId, scannedAt };
  const previous = await findRecordedScan(deps.db, eventId, scannerId, scan.scanId);
  if (previous) return duplicate(scan.scanId, previous);

  const tooLate = scannedAt.getTime() > deps.clock.now().getTime() + SKEW_SECONDS * 1000;
  const check = tooLate
    ? ({ ok: false, result: 'invalid', reason: 'The scan time is in the future' } as const)
    : await checkTicketCode(deps, eventId, scan.code, scannedAt.getTime());
  if (!check.ok) {
    const fresh = await recordScan(deps.db, { ...log, ticketId: null, result: check.result });
    if (!fresh) return duplicate(scan.scanId, await findRecordedScan(deps.db, eventId, scannerId, scan.scanId));
    return { scanId: scan.scanId, status: 'conflict', result: check.result, reason: check.reason };
  }
  const { payload } = check;
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const admitted = await admitTicket(tx, {
        ticketId: payload.ticketId,
        eventId,
        version: payload.version,
        at: scannedAt,
        gate,
        scannerId,
      });
      const ticket = await findTicket(tx, payload.ticketId);
      const result = admitted ? 'admitted' : refusalOf(ticket, payload);
      // The same scan uploaded twice at once: the second waits on the first's log row, then undoes its own work.
      if (!(await recordScan(tx, { ...log, ticketId: ticket?.id ?? null, result }))) throw new AlreadyUploaded();
      if (admitted) await enqueueOutbox(tx, deps.clock.now(), [checkedInMessage(payload.ticketId, eventId, scannedAt, gate, 'offline')]);
      const synced: SyncedScan = {
        scanId: scan.scanId,
        status: admitted ? 'recorded' : 'conflict',
        result,
        reason: reasons[result],
        ticketId: payload.ticketId,
      };
      if (ticket?.checked_in_at && (result === 'admitted' || result === 'already_used')) {
        synced.usedAt = ticket.checked_in_at.toISOString();
        if (ticket.checked_in_gate) synced.gate = ticket.checked_in_gate;
      }
      return synced;
    });
  } catch (e) {
    if (e instanceof AlreadyUploaded) return duplicate(scan.scanId, await findRecordedScan(deps.db, eventId, scannerId, scan.scanId));
    throw e;
  }
}

function duplicate(scanId: string, previous: Awaited<ReturnType<typeof findRecordedScan>>): SyncedScan {
  const result = previous?.result ?? 'invalid';
  return {
    scanId,
    status: 'duplicate',
    result,
    reason: 'This scan was uploaded before',
    ...(previous?.ticket_id ? { ticketId: previous.ticket_id } : {}),
  };
}
