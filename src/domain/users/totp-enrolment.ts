import QRCode from 'qrcode';
import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import {
  countRecoveryCodesLeft,
  findTotp,
  replaceRecoveryCodes,
  savePendingTotp,
  useTotpStep,
} from '../../db/repositories/totp.repository.js';
import { findUserById } from '../../db/repositories/users.repository.js';
import { matchTotpStep, newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpUri } from '../../security/totp.js';
import { AppError } from '../errors.js';

type TotpDeps = Pick<Deps, 'db' | 'pii' | 'clock'>;

export interface TotpEnrolment {
  /** Base32, for typing into an app that cannot scan. */
  secret: string;
  uri: string;
  /** The URI as a QR code (PNG data URL) for the page to show. */
  qrDataUrl: string;
}

export const wrongCode = (field = 'code'): AppError =>
  new AppError('VALIDATION_FAILED', 'The code is incorrect or was already used', [
    { field: `body/${field}`, message: 'is incorrect or already used' },
  ]);

/**
 * Starts (or restarts) enrolment: a fresh secret, stored sealed but not active
 * until a code from the app proves it was scanned. A confirmed second factor is
 * never replaced this way: it must be turned off first (with a code or the password).
 */
export async function startTotpEnrolment(deps: TotpDeps, userId: string): Promise<TotpEnrolment> {
  const row = await findUserById(deps.db, userId);
  if (!row || row.erased_at !== null || row.email_cipher === null) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
  const secret = newTotpSecret();
  const saved = await savePendingTotp(deps.db, { userId, secretCipher: await deps.pii.seal(userId, secret), at: deps.clock.now() });
  if (!saved) throw new AppError('CONFLICT', 'Two-factor sign-in is already on; turn it off first to set up a new app');
  const uri = totpUri(secret, await deps.pii.open(row.email_cipher));
  return { secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 240 }) };
}

/** Turns the pending secret on with a code from the app, and answers the recovery codes, shown this once. */
export async function confirmTotpEnrolment(deps: TotpDeps, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const totp = await findTotp(deps.db, userId);
  if (!totp) throw new AppError('INVALID_STATE', 'Start the set-up first: there is no pending two-factor secret');
  if (totp.confirmedAt) throw new AppError('CONFLICT', 'Two-factor sign-in is already on');
  const now = deps.clock.now();
  const step = matchTotpStep(await deps.pii.open(totp.secretCipher), code, now);
  if (step === null) throw wrongCode();
  const recoveryCodes = newRecoveryCodes();
  await deps.db.transaction().execute(async (tx) => {
    if (!(await useTotpStep(tx, userId, step, now))) throw wrongCode();
    await replaceRecoveryCodes(tx, userId, recoveryCodes.map(recoveryCodeHash));
    await writeAudit(tx, { actorId: userId, action: 'user.totp_enabled', subjectType: 'user', subjectId: userId, at: now });
  });
  return { recoveryCodes };
}

export interface TotpStatus {
  enabled: boolean;
  /** Unused recovery codes left (0 when off). */
  recoveryCodesLeft: number;
}

export async function getTotpStatus(deps: Pick<Deps, 'db'>, userId: string): Promise<TotpStatus> {
  const totp = await findTotp(deps.db, userId);
  if (!totp?.confirmedAt) return { enabled: false, recoveryCodesLeft: 0 };
  return { enabled: true, recoveryCodesLeft: await countRecoveryCodesLeft(deps.db, userId) };
}
