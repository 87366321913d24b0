import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './client.js';
import * as m0001 from './migrations/0001-catalogue.js';

/** Forward-only migrations, listed explicitly so a bundle or a typo cannot skip one. */
const migrations: Record<string, Migration> = {
  '0001-catalogue': m0001,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
