import { mailDirOf, purgeMailFilesBefore } from '../../adapters/mail/mail-files.js';
import type { Deps } from '../../context.js';
import { clearAuditDetailsBefore, writeAudit } from '../../db/repositories/audit.repository.js';
import {
  deleteAbandonedHolds,
  legacySealedTotpSecrets,
  legacySealedUsers,
  resealTotpSecret,
  setUserCiphers,
  unverifiedAccountIds,
  usersWithoutKey,
} from '../../db/repositories/retention.repository.js';
import { revokeUserSessions } from '../../db/repositories/sessions.repository.js';
import { deleteTwoFactorData } from '../../db/repositories/totp.repository.js';
import { eraseUser, findUserById } from '../../db/repositories/users.repository.js';
import { AppError } from '../errors.js';
import { eraseAccountData } from '../users/erase-account.js';

/** How long each kind of data is kept (days); defaults documented in docs/privacy.md. */
export interface RetentionPeriods {
  /** Holds that ended without an order (seats picked, prices locked, by whom). */
  abandonedHoldsDays: number;
  /** Self-registered accounts whose address was never confirmed and that never ordered. */
  unverifiedAccountsDays: number;
  /** The file mailer's copies of sent mail (data/mail/*.eml). */
  mailFilesDays: number;
  /** Audit entries keep who did what to which subject; their details are cleared after this. */
  auditDetailDays: number;
}

export const defaultRetention: RetentionPeriods = {
  abandonedHoldsDays: 30,
  unverifiedAccountsDays: 30,
  mailFilesDays: 90,
  auditDetailDays: 365,
};

export interface RetentionReport {
  /** Accounts moved from the old single server key to their own key (once, after migration 0026). */
  resealed: number;
  /** Erasures re-applied after a restore brought back rows whose key had been destroyed. */
  reErased: number;
  abandonedHolds: number;
  unverifiedAccounts: number;
  mailFiles: number;
  auditDetails: number;
}

const dayMs = 86_400_000;
const batch = 500;

/** One pass of every retention rule, against `deps.clock`. Safe to run in several workers at once. */
export async function applyRetention(deps: Deps): Promise<RetentionReport> {
  const periods = deps.config.retention ?? defaultRetention;
  const now = deps.clock.now().getTime();
  const before = (days: number): Date => new Date(now - days * dayMs);

  const { resealed, reErased } = await repairPersonalData(deps);

  let abandonedHolds = 0;
  for (;;) {
    const n = await deps.db.transaction().execute((tx) => deleteAbandonedHolds(tx, before(periods.abandonedHoldsDays), batch));
    abandonedHolds += n;
    if (n < batch) break;
  }

  let unverifiedAccounts = 0;
  for (const id of await unverifiedAccountIds(deps.db, before(periods.unverifiedAccountsDays), batch)) {
    const row = await findUserById(deps.db, id);
    if (!row?.email_cipher) continue;
    try {
      await eraseAccountData(deps, id, await deps.pii.open(row.email_cipher), { actorId: null, reason: 'unverified' });
      unverifiedAccounts++;
    } catch (e) {
      // Another worker (or the owner) erased it first.
      if (!(e instanceof AppError && e.code === 'UNAUTHENTICATED')) throw e;
    }
  }

  const mailDir = mailDirOf(deps.config);
  const mailFiles = mailDir ? await purgeMailFilesBefore(mailDir, before(periods.mailFilesDays)) : 0;
  const auditDetails = await clearAuditDetailsBefore(deps.db, before(periods.auditDetailDays));
  return { resealed, reErased, abandonedHolds, unverifiedAccounts, mailFiles, auditDetails };
}

/**
 * Keeps crypto-shredding whole: rows sealed with the old single key are
 * resealed under their owner's key (so a later erasure reaches backups too),
 * and rows whose key is gone — an erasure undone by restoring an older
 * backup — are blanked again.
 */
async function repairPersonalData(deps: Deps): Promise<{ resealed: number; reErased: number }> {
  let resealed = 0;
  for (const row of await legacySealedUsers(deps.db, batch)) {
    const reseal = async (c: string | null) => (c === null ? null : deps.pii.seal(row.id, await deps.pii.open(c)));
    await setUserCiphers(deps.db, row.id, { emailCipher: await reseal(row.email_cipher), nameCipher: await reseal(row.name_cipher) });
    resealed++;
  }
  for (const t of await legacySealedTotpSecrets(deps.db, batch)) {
    await resealTotpSecret(deps.db, t.user_id, t.secret_cipher, await deps.pii.seal(t.user_id, await deps.pii.open(t.secret_cipher)));
  }
  let reErased = 0;
  for (const id of await usersWithoutKey(deps.db, batch)) {
    const erasedAt = deps.clock.now();
    await deps.db.transaction().execute(async (tx) => {
      if (!(await eraseUser(tx, id, erasedAt))) return;
      await revokeUserSessions(tx, id, erasedAt);
      await deleteTwoFactorData(tx, id);
      await writeAudit(tx, {
        actorId: null,
        action: 'user.erased',
        subjectType: 'user',
        subjectId: id,
        details: { reason: 'key_destroyed' },
        at: erasedAt,
      });
      reErased++;
    });
  }
  return { resealed, reErased };
}
