import { describe, expect, it } from 'vitest';
import { matchTotpStep, newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpCodeAt, totpUri } from '../../src/security/totp.js';

const at = new Date('2026-06-01T12:00:10Z');
const stepOf = (d: Date) => Math.floor(d.getTime() / 30_000);

describe('TOTP code check', () => {
  const secret = newTotpSecret();

  it('accepts the current code and answers its 30-second step', () => {
    expect(matchTotpStep(secret, totpCodeAt(secret, at), at)).toBe(stepOf(at));
  });

  it('accepts a code one step early or late (phone clocks drift), and answers that step', () => {
    const before = new Date(at.getTime() - 30_000);
    const after = new Date(at.getTime() + 30_000);
    expect(matchTotpStep(secret, totpCodeAt(secret, before), at)).toBe(stepOf(before));
    expect(matchTotpStep(secret, totpCodeAt(secret, after), at)).toBe(stepOf(after));
  });

  it('refuses a code two steps away, a wrong code and another secret’s code', () => {
    expect(matchTotpStep(secret, totpCodeAt(secret, new Date(at.getTime() - 61_000)), at)).toBeNull();
    expect(matchTotpStep(secret, totpCodeAt(secret, new Date(at.getTime() + 61_000)), at)).toBeNull();
    const right = totpCodeAt(secret, at);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(matchTotpStep(secret, wrong, at)).toBeNull();
    expect(matchTotpStep(newTotpSecret(), right, at)).toBeNull();
  });

  it('gives the same step for a replayed code, so the caller can refuse it', () => {
    const code = totpCodeAt(secret, at);
    const later = new Date(at.getTime() + 15_000);
    expect(matchTotpStep(secret, code, later)).toBe(matchTotpStep(secret, code, at));
  });

  it('labels the otpauth URI with the issuer and account', () => {
    const uri = new URL(totpUri(secret, 'ada@example.org'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Boxoffice');
    expect(decodeURIComponent(uri.pathname)).toContain('ada@example.org');
  });
});

describe('recovery codes', () => {
  it('are ten distinct xxxx-xxxx-xxxx codes without look-alike characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
  });

  it('hash the same whatever the case, spaces and dashes a person types', () => {
    const [code] = newRecoveryCodes(1);
    expect(recoveryCodeHash(` ${code!.toUpperCase().replaceAll('-', ' ')} `)).toEqual(recoveryCodeHash(code!));
    expect(recoveryCodeHash(code!)).not.toEqual(recoveryCodeHash(newRecoveryCodes(1)[0]!));
  });
});
