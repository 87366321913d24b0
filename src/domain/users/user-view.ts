import type { UserRow } from '../../db/repositories/users.repository.js';
import type { PiiCipher } from '../../security/pii-cipher.js';
import { isRole } from './users.rules.js';
import type { AdminUserView, User } from './users.types.js';

/** Decrypts a live account's row. Callers have already excluded erased accounts. */
export async function toUser(pii: PiiCipher, row: UserRow): Promise<User> {
  if (row.email_cipher === null) throw new Error(`User ${row.id} has no email: erased rows have no owner view`);
  return {
    id: row.id,
    email: await pii.open(row.email_cipher),
    name: row.name_cipher === null ? null : await pii.open(row.name_cipher),
    roles: row.roles.filter(isRole),
    emailVerified: row.email_verified_at !== null,
    createdAt: row.created_at,
  };
}

export async function toAdminView(pii: PiiCipher, row: UserRow): Promise<AdminUserView> {
  return {
    id: row.id,
    email: row.email_cipher === null ? null : await pii.open(row.email_cipher),
    name: row.name_cipher === null ? null : await pii.open(row.name_cipher),
    roles: row.roles.filter(isRole),
    createdAt: row.created_at,
    erasedAt: row.erased_at,
  };
}
