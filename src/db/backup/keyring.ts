import type pg from 'pg';

/**
 * Backups leave the `keyring` schema out (users' data keys: erasure must reach
 * every backup, docs/privacy.md). A pg_dump archive restored into a new
 * database brings migration 0026's record but not its keyring, so the restore
 * makes sure the (empty) keyring exists; on the same server the live keyring
 * is kept as it is. Same definition as migration 0026.
 */
export async function ensureKeyring(client: pg.Client): Promise<void> {
  await client.query(`
    create schema if not exists keyring;
    create table if not exists keyring.user_keys (
      user_id uuid primary key,
      wrapped_key text not null,
      created_at timestamptz not null default now()
    )`);
}
