import type { Selectable } from 'kysely';
import type { Executor } from '../client.js';
import type { ConsentPurpose, ConsentsTable } from '../schema.js';

export type ConsentRow = Selectable<ConsentsTable>;

/** Opens a grant unless one is open already (the partial unique index decides races); true when this call granted. */
export async function openConsent(
  ex: Executor,
  v: { userId: string; purpose: ConsentPurpose; wordingVersion: string; at: Date },
): Promise<boolean> {
  const rows = await ex
    .insertInto('consents')
    .values({ user_id: v.userId, purpose: v.purpose, wording_version: v.wordingVersion, granted_at: v.at })
    .onConflict((oc) => oc.columns(['user_id', 'purpose']).where('withdrawn_at', 'is', null).doNothing())
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** Closes the open grant of a purpose; true when there was one. */
export async function closeConsent(ex: Executor, userId: string, purpose: ConsentPurpose, at: Date): Promise<boolean> {
  const result = await ex
    .updateTable('consents')
    .set({ withdrawn_at: at })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Every grant and withdrawal of the user, oldest first: the record a regulator asks for. */
export async function consentHistory(ex: Executor, userId: string): Promise<ConsentRow[]> {
  return ex.selectFrom('consents').selectAll().where('user_id', '=', userId).orderBy('granted_at').orderBy('id').execute();
}

export async function withdrawAllConsents(ex: Executor, userId: string, at: Date): Promise<void> {
  await ex.updateTable('consents').set({ withdrawn_at: at }).where('user_id', '=', userId).where('withdrawn_at', 'is', null).execute();
}

/** Erasure: the account's mailed single-use tokens (only hashes, but of no use once the account is gone). */
export async function deleteAccountTokensOf(ex: Executor, userId: string): Promise<void> {
  await ex.deleteFrom('account_tokens').where('user_id', '=', userId).execute();
}
