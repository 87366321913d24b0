import type { Executor } from '../../db/client.js';
import type { Deps } from '../../context.js';
import { findTotp, useRecoveryCode, useTotpStep } from '../../db/repositories/totp.repository.js';
import { matchTotpStep, recoveryCodeHash } from '../../security/totp.js';

const SIX_DIGITS = /^\d{6}$/;

/**
 * Checks a second factor of an account with TOTP on: a six-digit code from the
 * app (accepted once: its step must be newer than the last one used) or one of
 * the recovery codes (each works once). Answers which one matched, or null.
 * Run it inside the transaction that acts on the result, so a failure later
 * in that transaction gives the code back.
 */
export async function useSecondFactor(
  deps: Pick<Deps, 'pii' | 'clock'>,
  ex: Executor,
  userId: string,
  input: string,
): Promise<'totp' | 'recovery' | null> {
  const totp = await findTotp(ex, userId);
  if (!totp?.confirmedAt) return null;
  const now = deps.clock.now();
  const code = input.replace(/\s/g, '');
  if (SIX_DIGITS.test(code)) {
    const step = matchTotpStep(await deps.pii.open(totp.secretCipher), code, now);
    return step !== null && (await useTotpStep(ex, userId, step)) ? 'totp' : null;
  }
  return (await useRecoveryCode(ex, userId, recoveryCodeHash(code), now)) ? 'recovery' : null;
}

export async function hasTotpOn(ex: Executor, userId: string): Promise<boolean> {
  return (await findTotp(ex, userId))?.confirmedAt != null;
}
