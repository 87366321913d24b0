import type { Executor } from '../client.js';

/** The wrapped data key of a user, or undefined once erasure destroyed it. */
export async function findWrappedUserKey(ex: Executor, userId: string): Promise<string | undefined> {
  const row = await ex.selectFrom('keyring.user_keys').select('wrapped_key').where('user_id', '=', userId).executeTakeFirst();
  return row?.wrapped_key;
}

/** Stores a new key unless the user has one already; answers the key that won (two racing first writes agree). */
export async function insertWrappedUserKey(ex: Executor, userId: string, wrappedKey: string): Promise<string> {
  await ex
    .insertInto('keyring.user_keys')
    .values({ user_id: userId, wrapped_key: wrappedKey })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  return (await findWrappedUserKey(ex, userId))!;
}

/** Crypto-shredding: without this row no copy of the user's ciphertext, backups included, can be opened. */
export async function deleteUserKey(ex: Executor, userId: string): Promise<void> {
  await ex.deleteFrom('keyring.user_keys').where('user_id', '=', userId).execute();
}
