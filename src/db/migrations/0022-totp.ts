import { sql, type Kysely } from 'kysely';

/**
 * Optional TOTP two-factor sign-in for organizers and admins (issue 12).
 * The shared secret is sealed like the account's e-mail (it is a credential,
 * and a dump must not hand out second factors); `last_used_step` makes a code
 * usable once: accepting one is a conditional UPDATE that only moves forward.
 * Recovery codes and sign-in challenges keep only SHA-256 hashes: both are
 * long random strings, not guessable passwords.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_totp (
      user_id uuid primary key references users (id),
      secret_cipher text not null,
      created_at timestamptz not null,
      confirmed_at timestamptz,
      last_used_step integer
    );
    create table totp_recovery_codes (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      code_hash bytea not null,
      used_at timestamptz,
      unique (user_id, code_hash)
    );
    create table login_challenges (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      token_hash bytea not null unique,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      attempts integer not null default 0,
      used_at timestamptz
    );
    create index login_challenges_user_idx on login_challenges (user_id);
  `.execute(db);
}
