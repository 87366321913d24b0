import type { Executor } from '../client.js';

export type AccountTokenPurpose = 'password_reset' | 'email_verification';

/** Stores a new token (its hash) and retires the account's earlier unused ones of the same purpose. */
export async function replaceAccountToken(
  ex: Executor,
  t: { userId: string; purpose: AccountTokenPurpose; tokenHash: Buffer; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await ex
    .updateTable('account_tokens')
    .set({ used_at: t.createdAt })
    .where('user_id', '=', t.userId)
    .where('purpose', '=', t.purpose)
    .where('used_at', 'is', null)
    .execute();
  await ex
    .insertInto('account_tokens')
    .values({ user_id: t.userId, purpose: t.purpose, token_hash: t.tokenHash, created_at: t.createdAt, expires_at: t.expiresAt })
    .execute();
}

/**
 * Uses a token once: one conditional UPDATE, so of two racing uses exactly one
 * gets the account id. Erased accounts' tokens are worthless.
 */
export async function consumeAccountToken(
  ex: Executor,
  t: { purpose: AccountTokenPurpose; tokenHash: Buffer; now: Date },
): Promise<string | undefined> {
  const row = await ex
    .updateTable('account_tokens as t')
    .set({ used_at: t.now })
    .from('users as u')
    .whereRef('u.id', '=', 't.user_id')
    .where('u.erased_at', 'is', null)
    .where('t.token_hash', '=', t.tokenHash)
    .where('t.purpose', '=', t.purpose)
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', t.now)
    .returning('t.user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** Whether a token would be accepted now (a cheap look-up before costly work; using it is still the UPDATE above). */
export async function isAccountTokenLive(
  ex: Executor,
  t: { purpose: AccountTokenPurpose; tokenHash: Buffer; now: Date },
): Promise<boolean> {
  const row = await ex
    .selectFrom('account_tokens')
    .select('id')
    .where('token_hash', '=', t.tokenHash)
    .where('purpose', '=', t.purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', t.now)
    .executeTakeFirst();
  return row !== undefined;
}

export async function markEmailVerified(ex: Executor, userId: string, at: Date): Promise<void> {
  await ex.updateTable('users').set({ email_verified_at: at }).where('id', '=', userId).where('email_verified_at', 'is', null).execute();
}
