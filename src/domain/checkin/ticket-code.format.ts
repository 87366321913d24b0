/**
 * The ticket code, as the phone shows it, the PDF prints it and the door reads
 * it: `BO1.` + base64url(payload ‖ Ed25519 signature). The payload is 49 bytes —
 * format, ticket id, event id, seat id, the ticket's code version and the
 * 30-second time step it was signed for — so the QR stays small enough to scan
 * from a phone screen in poor light. The format byte tells a rotating code (1)
 * from a print code (2, step 0): the signature covers that byte, so one kind
 * cannot be turned into the other. Pure and dependency-free: the server and
 * the door scanner page (offline, WebCrypto) share it; signing and verifying
 * happen elsewhere with the platform's Ed25519.
 */

export const CODE_PREFIX = 'BO1.';
/** A code names the time step it was signed in; the app fetches a new one every 15 s. */
export const STEP_SECONDS = 30;
/** How long after its step a code still scans: a phone showing a code fetched at the end of its step. */
export const GRACE_SECONDS = 30;
/** Clock difference tolerated between the server and an offline scanner, both ways. */
export const SKEW_SECONDS = 30;

const FORMAT: Record<CodeKind, number> = { rotating: 1, print: 2 };
const PAYLOAD_BYTES = 49;
export const SIGNATURE_BYTES = 64;

/**
 * `rotating`: the app's code, good for about a minute. `print`: the PDF's code,
 * good until the ticket's code version moves on (void or reissue), because
 * paper cannot refresh itself.
 */
export type CodeKind = 'rotating' | 'print';

export interface TicketCodePayload {
  kind: CodeKind;
  ticketId: string;
  eventId: string;
  seatId: string;
  version: number;
  /** The 30-second step a rotating code was signed for; 0 for a print code. */
  step: number;
}

/** Bytes over a plain ArrayBuffer, as WebCrypto takes them. */
type Bytes = Uint8Array<ArrayBuffer>;

export interface DecodedTicketCode {
  payload: TicketCodePayload;
  /** The bytes the signature covers. */
  signed: Bytes;
  signature: Bytes;
}

export const stepAt = (nowMs: number): number => Math.floor(nowMs / 1000 / STEP_SECONDS);

/** When a code of this step stops scanning (not counting the skew allowance). */
export const expiresAtOf = (step: number): Date => new Date((step * STEP_SECONDS + STEP_SECONDS + GRACE_SECONDS) * 1000);

/** Whether a code signed for `step` may still be admitted at `nowMs`. */
export function timingOf(step: number, nowMs: number): 'ok' | 'expired' | 'not_yet_valid' {
  const start = step * STEP_SECONDS * 1000;
  if (nowMs < start - SKEW_SECONDS * 1000) return 'not_yet_valid';
  if (nowMs > expiresAtOf(step).getTime() + SKEW_SECONDS * 1000) return 'expired';
  return 'ok';
}

/** Whether a code may be admitted at `nowMs` as far as time goes: a print code has no time window. */
export function codeTimingOf(p: Pick<TicketCodePayload, 'kind' | 'step'>, nowMs: number): ReturnType<typeof timingOf> {
  return p.kind === 'print' ? 'ok' : timingOf(p.step, nowMs);
}

export function encodePayload(p: TicketCodePayload): Bytes {
  const out = new Uint8Array(PAYLOAD_BYTES);
  const view = new DataView(out.buffer);
  out[0] = FORMAT[p.kind];
  out.set(uuidBytes(p.ticketId), 1);
  out.set(uuidBytes(p.eventId), 17);
  view.setBigUint64(33, BigInt(p.seatId));
  view.setUint32(41, p.version);
  view.setUint32(45, p.step);
  return out;
}

export function joinCode(signed: Uint8Array, signature: Uint8Array): string {
  const all = new Uint8Array(signed.length + signature.length);
  all.set(signed, 0);
  all.set(signature, signed.length);
  return CODE_PREFIX + toBase64Url(all);
}

/** Splits and parses a code; null for anything that is not one (the signature is not checked here). */
export function decodeTicketCode(code: string): DecodedTicketCode | null {
  const text = code.trim();
  if (!text.startsWith(CODE_PREFIX) || text.length > 400) return null;
  const bytes = fromBase64Url(text.slice(CODE_PREFIX.length));
  if (!bytes || bytes.length !== PAYLOAD_BYTES + SIGNATURE_BYTES) return null;
  const kind = bytes[0] === FORMAT.rotating ? 'rotating' : bytes[0] === FORMAT.print ? 'print' : null;
  if (!kind) return null;
  const signed = bytes.slice(0, PAYLOAD_BYTES);
  const view = new DataView(signed.buffer);
  const step = view.getUint32(45);
  if (kind === 'print' && step !== 0) return null;
  return {
    payload: {
      kind,
      ticketId: uuidText(signed.subarray(1, 17)),
      eventId: uuidText(signed.subarray(17, 33)),
      seatId: view.getBigUint64(33).toString(),
      version: view.getUint32(41),
      step,
    },
    signed,
    signature: bytes.slice(PAYLOAD_BYTES),
  };
}

function uuidBytes(id: string): Uint8Array {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error('Not a UUID');
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

function uuidText(b: Uint8Array): string {
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

export function fromBase64Url(text: string): Bytes | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const ch of text) {
    value = (value << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero: one code has one spelling, so a changed character is a changed code.
  return (value & ((1 << bits) - 1)) === 0 ? out : null;
}
