import { sql, type Kysely } from 'kysely';

/**
 * Server-side sessions (issue 12). A sign-in token names its session; every
 * authenticated request checks that the session is neither revoked nor expired
 * and that its account is not erased, so sign-out, a password change and
 * erasure take effect on the next request on every instance.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sessions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index sessions_user_live_idx on sessions (user_id) where revoked_at is null;
  `.execute(db);
}
