import { sql } from 'kysely';
import type { Executor, Tx } from '../client.js';

/** Holds that ended without an order, closed before `before`: their seats and prices go with them. */
export async function deleteAbandonedHolds(tx: Tx, before: Date, limit: number): Promise<number> {
  const ids = await tx
    .selectFrom('holds as h')
    .select('h.id')
    .where('h.status', 'in', ['expired', 'released', 'cancelled'])
    .where(sql<boolean>`coalesce(h.released_at, h.expires_at) < ${before}`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('orders as o').select('o.id').whereRef('o.hold_id', '=', 'h.id'))))
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (ids.length === 0) return 0;
  const list = ids.map((r) => r.id);
  await tx.deleteFrom('hold_seats').where('hold_id', 'in', list).execute();
  await tx.deleteFrom('holds').where('id', 'in', list).execute();
  return list.length;
}

/**
 * Self-registered accounts never confirmed, created before `before`, that
 * never ordered: nobody can show they are the address's owner, and nothing
 * of accounting hangs on them.
 */
export async function unverifiedAccountIds(ex: Executor, before: Date, limit: number): Promise<string[]> {
  const rows = await ex
    .selectFrom('users as u')
    .select('u.id')
    .where('u.erased_at', 'is', null)
    .where('u.email_verified_at', 'is', null)
    .where('u.email_cipher', 'is not', null)
    .where('u.created_at', '<', before)
    .where(sql<boolean>`u.roles = array['customer']::text[]`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('orders as o').select('o.id').whereRef('o.user_id', '=', 'u.id'))))
    .orderBy('u.created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Live accounts still sealed with the single server key of before migration 0026. */
export async function legacySealedUsers(ex: Executor, limit: number) {
  return ex
    .selectFrom('users')
    .select(['id', 'email_cipher', 'name_cipher'])
    .where('erased_at', 'is', null)
    .where((eb) => eb.or([eb('email_cipher', 'like', 'v1.%'), eb('name_cipher', 'like', 'v1.%')]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function setUserCiphers(
  ex: Executor,
  id: string,
  v: { emailCipher: string | null; nameCipher: string | null },
): Promise<void> {
  await ex.updateTable('users').set({ email_cipher: v.emailCipher, name_cipher: v.nameCipher }).where('id', '=', id).execute();
}

/** TOTP secrets of live accounts still sealed with the single server key (set up before migration 0026). */
export async function legacySealedTotpSecrets(ex: Executor, limit: number) {
  return ex
    .selectFrom('user_totp as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.user_id', 't.secret_cipher'])
    .where('u.erased_at', 'is', null)
    .where('t.secret_cipher', 'like', 'v1.%')
    .orderBy('t.user_id')
    .limit(limit)
    .execute();
}

/** Only while the secret is still the one read: a re-enrolment meanwhile wins. */
export async function resealTotpSecret(ex: Executor, userId: string, from: string, to: string): Promise<void> {
  await ex.updateTable('user_totp').set({ secret_cipher: to }).where('user_id', '=', userId).where('secret_cipher', '=', from).execute();
}

/**
 * Accounts whose row still holds personal data but whose key is gone: an
 * erasure undone by restoring an older backup (the keyring is not restored).
 */
export async function usersWithoutKey(ex: Executor, limit: number): Promise<string[]> {
  const rows = await ex
    .selectFrom('users as u')
    .select('u.id')
    .where('u.erased_at', 'is', null)
    .where((eb) => eb.or([eb('u.email_cipher', 'like', 'v2.%'), eb('u.name_cipher', 'like', 'v2.%')]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('keyring.user_keys as k').select('k.user_id').whereRef('k.user_id', '=', 'u.id'))))
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
