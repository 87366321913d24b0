import type { Selectable } from 'kysely';
import type { Executor } from '../client.js';
import type { UsersTable } from '../schema.js';

export type UserRow = Selectable<UsersTable>;

export interface NewUserRow {
  /** Chosen before the insert: the personal fields are sealed with this user's own data key. */
  id: string;
  emailHash: Buffer;
  emailCipher: string;
  nameCipher: string | null;
  passwordHash: string;
  roles: string[];
  createdAt: Date;
}

/** Raises pg 23505 on `users_email_hash_key` when the email already has an account. */
export async function insertUser(ex: Executor, user: NewUserRow): Promise<UserRow> {
  return ex
    .insertInto('users')
    .values({
      id: user.id,
      email_hash: user.emailHash,
      email_cipher: user.emailCipher,
      name_cipher: user.nameCipher,
      password_hash: user.passwordHash,
      roles: user.roles,
      created_at: user.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Erased accounts have no email hash, so they are never found by email. */
export async function findUserByEmailHash(ex: Executor, emailHash: Buffer): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('email_hash', '=', emailHash).where('erased_at', 'is', null).executeTakeFirst();
}

export async function findUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Removes every personal field and keeps the id, so orders stay attached to a pseudonym. */
export async function eraseUser(ex: Executor, id: string, at: Date): Promise<boolean> {
  const result = await ex
    .updateTable('users')
    .set({ email_hash: null, email_cipher: null, name_cipher: null, password_hash: null, erased_at: at })
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setPasswordHash(ex: Executor, id: string, passwordHash: string): Promise<boolean> {
  const result = await ex
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setName(ex: Executor, id: string, nameCipher: string): Promise<boolean> {
  const result = await ex
    .updateTable('users')
    .set({ name_cipher: nameCipher })
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A new address starts unconfirmed. Raises pg 23505 on `users_email_hash_key` when another account has it. */
export async function setEmail(ex: Executor, id: string, e: { emailHash: Buffer; emailCipher: string }): Promise<boolean> {
  const result = await ex
    .updateTable('users')
    .set({ email_hash: e.emailHash, email_cipher: e.emailCipher, email_verified_at: null })
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
