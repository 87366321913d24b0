import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './client.js';
import * as m0001 from './migrations/0001-catalogue.js';
import * as m0002 from './migrations/0002-booking.js';
import * as m0003 from './migrations/0003-seat-map-order.js';
import * as m0004 from './migrations/0004-search.js';
import * as m0005 from './migrations/0005-queue.js';
import * as m0006 from './migrations/0006-search-scale.js';
import * as m0007 from './migrations/0007-payment-attempts.js';
import * as m0008 from './migrations/0008-one-trip-hold.js';
import * as m0009 from './migrations/0009-seat-map-geometry.js';
import * as m0010 from './migrations/0010-local-money.js';
import * as m0012 from './migrations/0012-sessions.js';
import * as m0014 from './migrations/0014-dynamic-pricing.js';
import * as m0015 from './migrations/0015-checkin.js';
import * as m0018 from './migrations/0018-event-changes.js';
import * as m0019 from './migrations/0019-hold-extensions.js';
import * as m0021 from './migrations/0021-account-tokens.js';
import * as m0022 from './migrations/0022-totp.js';
import * as m0023 from './migrations/0023-webhooks-receipts.js';
import * as m0025 from './migrations/0025-ticket-transfers.js';
import * as m0026 from './migrations/0026-privacy.js';
import * as m0027 from './migrations/0027-one-statement-checkout.js';
import * as m0028 from './migrations/0028-waiting-list.js';
import * as m0029 from './migrations/0029-access-codes.js';
import * as m0030 from './migrations/0030-lean-hold.js';
import * as m0031 from './migrations/0031-checkout-by-key.js';
import * as m0032 from './migrations/0032-receipts-on-issue.js';

/** Forward-only migrations, listed explicitly so a bundle or a typo cannot skip one. */
const migrations: Record<string, Migration> = {
  '0001-catalogue': m0001,
  '0002-booking': m0002,
  '0003-seat-map-order': m0003,
  '0004-search': m0004,
  '0005-queue': m0005,
  '0006-search-scale': m0006,
  '0007-payment-attempts': m0007,
  '0008-one-trip-hold': m0008,
  '0009-seat-map-geometry': m0009,
  '0010-local-money': m0010,
  '0012-sessions': m0012,
  '0014-dynamic-pricing': m0014,
  '0015-checkin': m0015,
  '0018-event-changes': m0018,
  '0019-hold-extensions': m0019,
  '0021-account-tokens': m0021,
  '0022-totp': m0022,
  '0023-webhooks-receipts': m0023,
  '0025-ticket-transfers': m0025,
  '0026-privacy': m0026,
  '0027-one-statement-checkout': m0027,
  '0028-waiting-list': m0028,
  '0029-access-codes': m0029,
  '0030-lean-hold': m0030,
  '0031-checkout-by-key': m0031,
  '0032-receipts-on-issue': m0032,
};

/** Every migration this build knows, oldest first: `/readyz` and backups compare against it. */
export const knownMigrations: readonly string[] = Object.keys(migrations).sort();

const provider: MigrationProvider = { getMigrations: async () => migrations };

const migrator = (db: Db): Migrator =>
  new Migrator({ db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });

export async function migrateToLatest(db: Db): Promise<string[]> {
  return applied(await migrator(db).migrateToLatest());
}

/** Migrates up to and including `name` (a restore rebuilds the schema its backup was taken with). */
export async function migrateTo(db: Db, name: string): Promise<string[]> {
  return applied(await migrator(db).migrateTo(name));
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
