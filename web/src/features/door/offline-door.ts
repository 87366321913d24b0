import type { CheckinBundle, ScanResult } from '../../api/types.js';
import { codeTimingOf, decodeTicketCode, fromBase64Url } from '../../../../src/domain/checkin/ticket-code.format.js';

/**
 * The door without a network: the event's bundle (public key, revoked and used
 * tickets) kept in localStorage, codes verified with WebCrypto's Ed25519, and
 * admissions queued until they can be uploaded. What the server later says
 * about a queued scan (a conflict) is shown, never hidden.
 */

export interface QueuedScan {
  scanId: string;
  code: string;
  gate: string;
  scannedAt: string;
  ticketId: string;
}

export interface LocalVerdict {
  result: ScanResult;
  reason: string;
  ticketId?: string;
}

const bundleKey = (eventId: string) => `bo_door_bundle_${eventId}`;
const queueKey = (eventId: string) => `bo_door_queue_${eventId}`;

function read<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

export const savedBundle = (eventId: string): CheckinBundle | null => read<CheckinBundle>(bundleKey(eventId));
export const saveBundle = (bundle: CheckinBundle): void => localStorage.setItem(bundleKey(bundle.eventId), JSON.stringify(bundle));
export const queuedScans = (eventId: string): QueuedScan[] => read<QueuedScan[]>(queueKey(eventId)) ?? [];
export const saveQueue = (eventId: string, scans: QueuedScan[]): void => localStorage.setItem(queueKey(eventId), JSON.stringify(scans));

/** Ed25519 in WebCrypto (Chromium 137+, Firefox 129+, Safari 17+); without it the door cannot verify offline. */
export async function offlineSupported(): Promise<boolean> {
  try {
    await crypto.subtle.importKey('raw', new Uint8Array(32), { name: 'Ed25519' }, false, ['verify']);
    return true;
  } catch {
    return false;
  }
}

/** Judges a code against the bundle, as the server would, with what this device knows. */
export async function verifyOffline(bundle: CheckinBundle, code: string, queue: QueuedScan[], nowMs: number): Promise<LocalVerdict> {
  const decoded = decodeTicketCode(code);
  if (!decoded) return { result: 'invalid', reason: 'Not a genuine ticket code' };
  const { payload, signed, signature } = decoded;
  if (payload.eventId !== bundle.eventId) return { result: 'wrong_event', reason: 'This ticket is for another event' };
  const raw = fromBase64Url(bundle.publicKey);
  if (!raw) return { result: 'invalid', reason: 'The offline bundle is damaged: download it again' };
  const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  if (!(await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, signed))) {
    return { result: 'invalid', reason: 'Not a genuine ticket code' };
  }
  const timing = codeTimingOf(payload, nowMs);
  if (timing === 'expired') return { result: 'expired', reason: 'The code has expired: ask the holder to open the ticket again' };
  if (timing === 'not_yet_valid') return { result: 'invalid', reason: 'The code is from the future: check the clock of this device' };
  const ticketId = payload.ticketId;
  const revoked = bundle.revocations.find((r) => r.ticketId === ticketId);
  if (revoked && (revoked.void || payload.version < revoked.minVersion)) {
    return { result: 'void', reason: 'This ticket was voided or reissued', ticketId };
  }
  const used = bundle.used.find((u) => u.ticketId === ticketId) ?? queue.find((q) => q.ticketId === ticketId);
  if (used) return { result: 'already_used', reason: 'Already checked in', ticketId };
  return { result: 'admitted', reason: 'Admitted (offline: will sync)', ticketId };
}
