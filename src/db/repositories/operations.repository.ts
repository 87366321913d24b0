import { sql } from 'kysely';
import type { Executor } from '../client.js';

export interface OutboxBacklog {
  pending: number;
  /** Age of the oldest undelivered row by the database clock; 0 when none is pending. */
  oldestAgeSeconds: number;
}

/** Undelivered outbox rows (the partial index `outbox_pending_idx` covers them). */
export async function outboxBacklog(db: Executor): Promise<OutboxBacklog> {
  const { rows } = await sql<{ pending: string; age: number | null }>`
    select count(*) as pending, extract(epoch from now() - min(created_at))::float8 as age
      from outbox where delivered_at is null`.execute(db);
  const row = rows[0];
  return { pending: Number(row?.pending ?? 0), oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
}

export interface QueueFigures {
  eventId: string;
  /** Numbers handed out, as of the last admission pass. */
  joined: number;
  servingUpTo: number;
  closed: boolean;
}

/** Waiting rooms that are open or changed in the last hour (bounded: at most `limit`). */
export async function activeQueueFigures(db: Executor, limit = 50): Promise<QueueFigures[]> {
  const rows = await db
    .selectFrom('queue_states')
    .select(['event_id', 'joined', 'serving_up_to', 'closed'])
    .where((eb) => eb.or([eb('closed', '=', false), eb('updated_at', '>', sql<Date>`now() - interval '1 hour'`)]))
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ eventId: r.event_id, joined: r.joined, servingUpTo: r.serving_up_to, closed: r.closed }));
}

/** Names of the migrations applied to this database, in order; none on a database never migrated. */
export async function appliedMigrations(db: Executor): Promise<string[]> {
  const { rows: exists } = await sql<{ found: boolean }>`select to_regclass('schema_migrations') is not null as found`.execute(db);
  if (!exists[0]?.found) return [];
  const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
  return rows.map((r) => r.name);
}
