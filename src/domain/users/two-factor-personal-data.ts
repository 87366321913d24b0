import type { Deps } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { deleteTwoFactorData, findTotp } from '../../db/repositories/totp.repository.js';
import { getTotpStatus } from './totp-enrolment.js';

/** The export says whether two-factor sign-in is on and since when; the secret itself is a credential, never exported. */
export async function collectTwoFactor(deps: Deps, userId: string): Promise<unknown> {
  const totp = await findTotp(deps.db, userId);
  if (!totp?.confirmedAt) return { enabled: false };
  return { ...(await getTotpStatus(deps, userId)), enabledAt: totp.confirmedAt.toISOString() };
}

export async function eraseTwoFactor(tx: Tx, userId: string): Promise<void> {
  await deleteTwoFactorData(tx, userId);
}
