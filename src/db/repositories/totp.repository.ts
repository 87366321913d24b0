import type { Executor } from '../client.js';

export interface TotpRow {
  secretCipher: string;
  confirmedAt: Date | null;
  lastUsedStep: number | null;
}

export async function findTotp(ex: Executor, userId: string): Promise<TotpRow | undefined> {
  const row = await ex
    .selectFrom('user_totp')
    .select(['secret_cipher', 'confirmed_at', 'last_used_step'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && { secretCipher: row.secret_cipher, confirmedAt: row.confirmed_at, lastUsedStep: row.last_used_step };
}

/** A new unconfirmed secret replaces an earlier unconfirmed one; never a confirmed one (false then). */
export async function savePendingTotp(ex: Executor, t: { userId: string; secretCipher: string; at: Date }): Promise<boolean> {
  const row = await ex
    .insertInto('user_totp')
    .values({ user_id: t.userId, secret_cipher: t.secretCipher, created_at: t.at })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ secret_cipher: t.secretCipher, created_at: t.at, last_used_step: null })
        .where('user_totp.confirmed_at', 'is', null),
    )
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records `step` as used, only if it is newer than the last used one: of two
 * requests with the same code exactly one moves the step, the other is a replay.
 */
export async function useTotpStep(ex: Executor, userId: string, step: number, confirmAt?: Date): Promise<boolean> {
  let q = ex
    .updateTable('user_totp')
    .set({ last_used_step: step, ...(confirmAt ? { confirmed_at: confirmAt } : {}) })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]));
  q = confirmAt ? q.where('confirmed_at', 'is', null) : q.where('confirmed_at', 'is not', null);
  const r = await q.executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteTotp(ex: Executor, userId: string): Promise<void> {
  await ex.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  await ex.deleteFrom('user_totp').where('user_id', '=', userId).execute();
}

export async function replaceRecoveryCodes(ex: Executor, userId: string, hashes: Buffer[]): Promise<void> {
  await ex.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  await ex
    .insertInto('totp_recovery_codes')
    .values(hashes.map((h) => ({ user_id: userId, code_hash: h })))
    .execute();
}

/** Uses a recovery code once: one conditional UPDATE, so two racing uses cannot both succeed. */
export async function useRecoveryCode(ex: Executor, userId: string, hash: Buffer, at: Date): Promise<boolean> {
  const r = await ex
    .updateTable('totp_recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function countRecoveryCodesLeft(ex: Executor, userId: string): Promise<number> {
  const row = await ex
    .selectFrom('totp_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertLoginChallenge(
  ex: Executor,
  c: { userId: string; tokenHash: Buffer; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await ex
    .insertInto('login_challenges')
    .values({ user_id: c.userId, token_hash: c.tokenHash, created_at: c.createdAt, expires_at: c.expiresAt })
    .execute();
}

/**
 * Counts one attempt against a live challenge and answers its account, or
 * nothing when the challenge is unknown, expired, used or out of attempts.
 * The count goes up before the code is checked, so parallel guesses share it.
 */
export async function spendChallengeAttempt(
  ex: Executor,
  c: { tokenHash: Buffer; now: Date; maxAttempts: number },
): Promise<{ id: string; userId: string } | undefined> {
  const row = await ex
    .updateTable('login_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('token_hash', '=', c.tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', c.now)
    .where('attempts', '<', c.maxAttempts)
    .returning(['id', 'user_id'])
    .executeTakeFirst();
  return row && { id: row.id, userId: row.user_id };
}

export async function finishChallenge(ex: Executor, id: string, at: Date): Promise<boolean> {
  const r = await ex
    .updateTable('login_challenges')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Erasure: the second factor, its recovery codes and any sign-in challenges go with the account. */
export async function deleteTwoFactorData(ex: Executor, userId: string): Promise<void> {
  await ex.deleteFrom('login_challenges').where('user_id', '=', userId).execute();
  await deleteTotp(ex, userId);
}
