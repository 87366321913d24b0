import type { TicketRow } from '../../db/repositories/checkin.repository.js';
import type { ScanResult, ScannedTicket } from './checkin.types.js';
import type { TicketCodePayload } from './ticket-code.format.js';

/** What the door shows for each result. */
export const reasons: Record<ScanResult, string> = {
  admitted: 'Admitted',
  already_used: 'Already checked in',
  void: 'This ticket was voided or reissued',
  wrong_event: 'This ticket is for another event',
  expired: 'The code has expired: ask the holder to open the ticket again',
  invalid: 'Not a genuine ticket code',
};

/**
 * Why a genuine, timely code did not admit: the conditional UPDATE matched
 * nothing, so the ticket is used, void, of a newer version, or unknown.
 */
export function refusalOf(
  ticket: Pick<TicketRow, 'status' | 'code_version' | 'event_id'> | undefined,
  code: TicketCodePayload,
): ScanResult {
  if (!ticket || ticket.event_id !== code.eventId) return 'invalid';
  if (ticket.status === 'void' || code.version < ticket.code_version) return 'void';
  if (code.version > ticket.code_version) return 'invalid';
  if (ticket.status === 'used') return 'already_used';
  // Valid at this version yet not admitted: it changed between the UPDATE and this read (voided and reissued); refuse.
  return 'void';
}

export function scannedTicket(t: TicketRow): ScannedTicket {
  return {
    id: t.id,
    serial: t.serial,
    seat: { section: t.section_name, row: t.row_label, number: t.seat_number },
    status: t.status,
  };
}

const GATE_MAX = 40;

/** Gates are free text from the door device; blank means the main entrance. */
export function gateName(gate: string | undefined): string {
  const name = (gate ?? '').trim().slice(0, GATE_MAX);
  return name === '' ? 'main' : name;
}
