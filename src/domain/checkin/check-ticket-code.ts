import type { Deps } from '../../context.js';
import { eventPublicKey, eventSigningKey } from './event-signing-key.js';
import { codeTimingOf, decodeTicketCode, type TicketCodePayload } from './ticket-code.format.js';
import type { ScanResult } from './checkin.types.js';
import { reasons } from './checkin.rules.js';

export type CodeCheck =
  | { ok: true; payload: TicketCodePayload }
  | { ok: false; result: Extract<ScanResult, 'invalid' | 'wrong_event' | 'expired'>; reason: string };

/**
 * What the code alone says, before the database is asked about the ticket:
 * not a code or a bad signature (invalid), a genuine code of another event
 * (wrong_event), or outside its time window at `atMs` (expired; a print
 * code has none).
 */
export async function checkTicketCode(
  deps: Pick<Deps, 'db' | 'ticketSigning'>,
  doorEventId: string,
  code: string,
  atMs: number,
): Promise<CodeCheck> {
  const decoded = decodeTicketCode(code);
  if (!decoded) return { ok: false, result: 'invalid', reason: reasons.invalid };
  const { payload, signed, signature } = decoded;
  if (payload.eventId !== doorEventId) {
    // A genuine code of another event is worth telling apart from a forgery: the holder is at the wrong door.
    const other = await eventPublicKey(deps, payload.eventId);
    const genuine = other !== null && deps.ticketSigning.verify(other, signed, signature);
    return genuine
      ? { ok: false, result: 'wrong_event', reason: reasons.wrong_event }
      : { ok: false, result: 'invalid', reason: reasons.invalid };
  }
  const key = await eventSigningKey(deps, doorEventId);
  if (!deps.ticketSigning.verify(key.publicKey, signed, signature)) return { ok: false, result: 'invalid', reason: reasons.invalid };
  const timing = codeTimingOf(payload, atMs);
  if (timing === 'expired') return { ok: false, result: 'expired', reason: reasons.expired };
  if (timing === 'not_yet_valid')
    return { ok: false, result: 'invalid', reason: 'The code is from the future: check the clock of this device' };
  return { ok: true, payload };
}
