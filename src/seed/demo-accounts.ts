import { randomUUID } from 'node:crypto';
import type { Deps } from '../context.js';
import { AppError } from '../domain/errors.js';
import { createAccount } from '../domain/users/create-account.js';
import type { Role } from '../security/auth-tokens.js';
import { findUserIdByEmailHash, insertSeedUser } from './seed.repository.js';

/** Published in the README: never created in production. */
export const demoPassword = 'boxoffice-demo';

export const demoAccounts: { email: string; name: string; role: Role }[] = [
  { email: 'admin@boxoffice.test', name: 'Ada Admin', role: 'admin' },
  { email: 'organizer@boxoffice.test', name: 'Oscar Organizer', role: 'organizer' },
  { email: 'customer@boxoffice.test', name: 'Carla Customer', role: 'customer' },
  { email: 'scanner@boxoffice.test', name: 'Sam Scanner', role: 'scanner' },
];

/**
 * config.ts refuses DEMO_SEED in production and with DATABASE_URL; this is the second guard, right where
 * accounts are made: demo accounts exist only on the embedded database.
 */
const demoAccountsAllowed = (deps: Pick<Deps, 'config'>): boolean =>
  deps.config.demoSeed && deps.config.env !== 'production' && !deps.config.databaseUrl;

/**
 * Creates the missing demo accounts through the real account use case
 * (idempotent) and returns their ids by role, or null when demo accounts are
 * not allowed.
 */
export async function ensureDemoAccounts(deps: Deps): Promise<Partial<Record<Role, string>> | null> {
  if (!demoAccountsAllowed(deps)) return null;
  const ids: Partial<Record<Role, string>> = {};
  for (const account of demoAccounts) {
    const emailHash = deps.pii.blindIndex(account.email);
    let id = await findUserIdByEmailHash(deps.db, emailHash);
    if (!id) {
      try {
        id = (
          await createAccount(deps, { email: account.email, password: demoPassword, name: account.name, role: account.role, via: 'cli' })
        ).id;
      } catch (e) {
        // A concurrent seed created it first.
        if (!(e instanceof AppError && e.code === 'EMAIL_TAKEN')) throw e;
        id = await findUserIdByEmailHash(deps.db, emailHash);
      }
    }
    if (id) ids[account.role] = id;
  }
  return ids;
}

/** Owner of the demo catalogue when demo accounts are off: an organizer nobody can sign in as. */
export async function createCatalogueOwner(deps: Deps): Promise<string> {
  const id = randomUUID();
  return insertSeedUser(deps.db, {
    id,
    emailHash: null,
    emailCipher: null,
    nameCipher: await deps.pii.seal(id, 'Boxoffice demo catalogue'),
    passwordHash: null,
    roles: ['organizer'],
  });
}
