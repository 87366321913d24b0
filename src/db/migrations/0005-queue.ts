import { sql, type Kysely } from 'kysely';

/**
 * The waiting room's admission state, one row per queued event. The hot join
 * path (counters, one position per account) lives in the KvStore; what holds
 * must check — how far the queue is served — lives here, so an admitted
 * token keeps working while Redis is away.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table queue_states (
      event_id uuid primary key references events (id) on delete cascade,
      auto_enabled boolean not null default false,
      serving_up_to integer not null default 0,
      pre_open_count integer,
      joined integer not null default 0,
      closed boolean not null default false,
      opened_at timestamptz,
      admissions jsonb not null default '[]',
      updated_at timestamptz not null default now()
    );
    -- Demand detection (auto-enable) counts recent holds across events once per worker pass.
    create index holds_created_idx on holds (created_at);
  `.execute(db);
}
