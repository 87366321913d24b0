import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repositories accept either the pool or a transaction. */
export type Executor = Db | Tx;

// int8 (amounts, seat ids, counts) stays a string so nothing loses precision.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface DbOptions {
  url: string;
  max?: number;
}

export function createDb({ url, max = 20 }: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // A statement stuck on a lock is answered as "busy", never hangs a request.
    options: '-c lock_timeout=5000 -c statement_timeout=30000',
    // A request never waits longer for a connection than a statement may run; then it answers 503.
    // (A server that is down refuses at once: that 503 is immediate.)
    connectionTimeoutMillis: 30_000,
  });
  pool.on('error', () => {
    // Idle client errors (server restart) surface on the next query instead.
  });
  pool.on('connect', (client) => {
    // A connection that dies while checked out between two statements emits 'error' with no
    // listener, which would crash the process; the next statement on it fails (503) instead.
    client.on('error', () => undefined);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** One round trip to the server (readiness probe); rejects when it is unreachable. */
export async function pingDatabase(db: Executor): Promise<void> {
  await sql`select 1`.execute(db);
}
