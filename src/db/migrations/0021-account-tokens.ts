import { sql, type Kysely } from 'kysely';

/**
 * Password reset and e-mail verification (issue 12): single-use tokens sent by
 * e-mail. Only a token's SHA-256 is stored, so a database dump or backup
 * cannot be used to take over accounts; using a token is one conditional
 * UPDATE, so two racing uses cannot both succeed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table users add column email_verified_at timestamptz;
    create table account_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      purpose text not null check (purpose in ('password_reset', 'email_verification')),
      token_hash bytea not null unique,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index account_tokens_user_idx on account_tokens (user_id, purpose) where used_at is null;
  `.execute(db);
}
