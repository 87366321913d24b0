import { describe, expect, it } from 'vitest';
import {
  codeTimingOf,
  decodeTicketCode,
  encodePayload,
  expiresAtOf,
  fromBase64Url,
  joinCode,
  stepAt,
  timingOf,
  toBase64Url,
} from '../../../src/domain/checkin/ticket-code.format.js';
import { refusalOf } from '../../../src/domain/checkin/checkin.rules.js';

const payload = {
  kind: 'rotating' as const,
  ticketId: '0b8f2a4c-1d2e-4f30-8a1b-2c3d4e5f6a7b',
  eventId: 'f0e1d2c3-b4a5-4968-8776-655443322110',
  seatId: '9007199254740993',
  version: 3,
  step: 59_000_123,
};

describe('ticket code format', () => {
  it('round-trips the payload and the signature', () => {
    const signed = encodePayload(payload);
    const code = joinCode(signed, new Uint8Array(64).fill(7));
    const back = decodeTicketCode(code)!;
    expect(back.payload).toEqual(payload);
    expect([...back.signature]).toEqual(new Array(64).fill(7));
    expect(code).toMatch(/^BO1\.[A-Za-z0-9_-]+$/);
  });

  it('rejects what is not a code: other prefixes, lengths, alphabets, non-canonical base64', () => {
    const code = joinCode(encodePayload(payload), new Uint8Array(64));
    for (const bad of [
      '',
      'BO1.',
      'BO2' + code.slice(3),
      code.slice(0, -4),
      code + 'AAAA',
      code.replace(/.$/, '+'),
      code.replace(/.$/, 'B'),
    ]) {
      expect(decodeTicketCode(bad), bad).toBeNull();
    }
  });

  it('tells a print code from a rotating one; a print code has no step and no time window', () => {
    const print = { ...payload, kind: 'print' as const, step: 0 };
    const code = joinCode(encodePayload(print), new Uint8Array(64));
    expect(decodeTicketCode(code)!.payload).toEqual(print);
    // The format byte is signed, so the two kinds of one ticket differ in the signed bytes.
    expect(encodePayload(print)[0]).not.toBe(encodePayload({ ...payload, step: 0 })[0]);
    const withStep = joinCode(encodePayload({ ...print, step: 5 }), new Uint8Array(64));
    expect(decodeTicketCode(withStep)).toBeNull();
    const years = Date.UTC(2040, 0, 1);
    expect(codeTimingOf(print, years)).toBe('ok');
    expect(codeTimingOf(payload, years)).toBe('expired');
  });

  it('encodes base64url like Node does', () => {
    for (const n of [0, 1, 2, 3, 31, 64, 113]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      expect([...fromBase64Url(toBase64Url(bytes))!]).toEqual([...bytes]);
    }
  });

  it('accepts a code for its step plus grace and skew, not after', () => {
    const now = Date.UTC(2026, 5, 1, 18, 0, 10);
    const step = stepAt(now);
    const start = step * 30_000;
    expect(expiresAtOf(step).getTime()).toBe(start + 60_000);
    expect(timingOf(step, now)).toBe('ok');
    expect(timingOf(step, start + 90_000)).toBe('ok');
    expect(timingOf(step, start + 90_001)).toBe('expired');
    expect(timingOf(step, start - 30_000)).toBe('ok');
    expect(timingOf(step, start - 30_001)).toBe('not_yet_valid');
  });

  it('explains a refusal from the ticket as it stands', () => {
    const t = (status: 'valid' | 'used' | 'void', version: number) => ({ status, code_version: version, event_id: payload.eventId });
    expect(refusalOf(t('used', 3), payload)).toBe('already_used');
    expect(refusalOf(t('void', 4), payload)).toBe('void');
    expect(refusalOf(t('valid', 4), payload)).toBe('void');
    expect(refusalOf(t('used', 4), payload)).toBe('void');
    expect(refusalOf(t('valid', 2), payload)).toBe('invalid');
    expect(refusalOf(undefined, payload)).toBe('invalid');
    expect(refusalOf({ ...t('valid', 3), event_id: payload.ticketId }, payload)).toBe('invalid');
  });
});
