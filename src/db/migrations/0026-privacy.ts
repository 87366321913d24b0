import { sql, type Kysely } from 'kysely';

/**
 * GDPR by design (issue 12):
 * - `keyring.user_keys`: one data key per user, wrapped by the key derived
 *   from SECRET_KEY. It lives in its own schema because backups copy only
 *   `public`: erasing an account deletes its key, and a backup restored later
 *   holds ciphertext nobody can open (crypto-shredding). A restore drops and
 *   rebuilds `public` only, so the live keyring survives it.
 * - `consents`: one row per grant, closed by its withdrawal; history is kept.
 * - `audit_log` is read by actor too (the admin audit page).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // `if not exists`: a copy-format restore replays the migrations on a server whose keyring is still there.
  await sql`
    create schema if not exists keyring;
    create table if not exists keyring.user_keys (
      user_id uuid primary key,
      wrapped_key text not null,
      created_at timestamptz not null default now()
    );
    create table consents (
      id bigint generated always as identity primary key,
      user_id uuid not null references users (id),
      purpose text not null check (purpose in ('terms', 'marketing')),
      wording_version text not null,
      granted_at timestamptz not null,
      withdrawn_at timestamptz
    );
    create unique index consents_open_idx on consents (user_id, purpose) where withdrawn_at is null;
    create index consents_user_idx on consents (user_id, granted_at);
    create index audit_log_actor_idx on audit_log (actor_id, created_at) where actor_id is not null;
    create index audit_log_created_idx on audit_log (created_at, id);
  `.execute(db);
}
