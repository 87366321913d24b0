import { randomUUID } from 'node:crypto';
import type { Deps } from '../../src/context.js';
import { startSession } from '../../src/domain/users/start-session.js';
import { normaliseEmail } from '../../src/domain/users/users.rules.js';
import type { Role } from '../../src/security/auth-tokens.js';

export interface TestUser {
  id: string;
  email: string;
  token: string;
  roles: Role[];
  /** `{ authorization: 'Bearer …' }` for inject/fetch. */
  auth: { authorization: string };
}

/**
 * A user row written directly (no password hashing, so hundreds are cheap) and a
 * real session and signed token for it.
 */
export async function createUser(deps: Deps, roles: Role[] = ['customer']): Promise<TestUser> {
  const email = normaliseEmail(`user-${randomUUID()}@test.boxoffice`);
  const id = randomUUID();
  const row = await deps.db
    .insertInto('users')
    .values({
      id,
      email_hash: deps.pii.blindIndex(email),
      email_cipher: await deps.pii.seal(id, email),
      name_cipher: await deps.pii.seal(id, 'Test User'),
      password_hash: null,
      roles,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { token } = await startSession(deps, row.id);
  return { id: row.id, email, token, roles, auth: { authorization: `Bearer ${token}` } };
}

export async function createUsers(deps: Deps, count: number, roles: Role[] = ['customer']): Promise<TestUser[]> {
  return Promise.all(Array.from({ length: count }, () => createUser(deps, roles)));
}
