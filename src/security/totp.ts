import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
const ISSUER = 'Boxoffice';

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

const totpOf = (secretBase32: string, label = ''): TOTP =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });

/** The `otpauth://` URI an authenticator app scans, labelled with the account's address. */
export const totpUri = (secretBase32: string, accountLabel: string): string => totpOf(secretBase32, accountLabel).toString();

/**
 * The 30-second step a code belongs to, if it is right within one step either
 * side of `at` (clocks on phones drift), else null. The caller refuses a step
 * it has already accepted: that is what stops a replay.
 */
export function matchTotpStep(secretBase32: string, code: string, at: Date): number | null {
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp: at.getTime() }) + delta;
}

/** The code of a given moment, for tests and for nothing else on the server. */
export const totpCodeAt = (secretBase32: string, at: Date): string => totpOf(secretBase32).generate({ timestamp: at.getTime() });

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten single-use codes of 12 characters (~59 bits each) from an alphabet without look-alikes, shown as xxxx-xxxx-xxxx. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** Spaces, dashes and case do not matter when a person types a recovery code back. */
export const normaliseRecoveryCode = (code: string): string => code.toLowerCase().replace(/[\s-]/g, '');

/** SHA-256 suffices (no slow hash): the codes are random, not chosen, and guesses are throttled. */
export const recoveryCodeHash = (code: string): Buffer => createHash('sha256').update(normaliseRecoveryCode(code), 'utf8').digest();
