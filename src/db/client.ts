import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { isDatabaseUnavailable } from './pg-errors.js';
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
    retireWhenLost(client);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, { pool, max });
  return db;
}

/**
 * A statement that failed because its server process went away (killed, crashed) leaves a
 * connection that must not be handed out again. A single-statement step is released at once,
 * before the closing socket marks the client unusable, and the pool would give the dead
 * connection to the next caller (measured: other fans' provider calls failed after one
 * terminated backend). Ending it here makes the pool drop it on release.
 */
function retireWhenLost(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const result = query(...preparedWhenFrequent(args));
    if (result instanceof Promise) {
      result.catch((e: unknown) => {
        if (isDatabaseUnavailable(e) || isStalePreparedStatement(e)) client.end().catch(() => undefined);
      });
    }
    return result;
  };
}

/**
 * A statement text the process has sent `preparedAfter` times goes out as a named statement from then on: each
 * connection parses, analyses and plans it once instead of on every call (PostgreSQL then keeps a generic plan when it
 * is no worse than the custom ones). Measured in a 20,000-fan on-sale: planning alone was a sixth of PostgreSQL's time,
 * a millisecond per call for the order view. Kysely sends a parameterised query as (text, values); anything else —
 * text without parameters, a cursor, a config object — goes out as it came. The texts are our own statement shapes,
 * a few hundred; the caps only bound a caller that builds texts without end (an IN list of every length).
 */
const preparedAfter = 3;
const maxNamed = 500;
const maxCounted = 5000;
const statementUses = new Map<string, number | string>();
let namedCount = 0;

/**
 * `on conflict (…) where status = $1` names a partial unique index by a predicate that only a custom plan, which sees
 * the value, can match to the index; the generic plan PostgreSQL tries from the sixth call fails with "there is no
 * unique or exclusion constraint matching the ON CONFLICT specification" (Kysely sends such a predicate's value as a
 * parameter). Those statements stay unnamed.
 */
const arbiterPredicate = /\bon conflict\s*\([^)]*\)\s*where\b/i;
const neverNamed = -1;

function preparedWhenFrequent(args: unknown[]): unknown[] {
  const [text, values] = args;
  if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return args;
  const known = statementUses.get(text);
  if (typeof known === 'string') return [{ name: known, text, values }];
  if (known === neverNamed) return args;
  const uses = (known ?? 0) + 1;
  if (uses < preparedAfter || namedCount >= maxNamed) {
    if (known !== undefined || statementUses.size < maxCounted) statementUses.set(text, uses);
    return args;
  }
  if (arbiterPredicate.test(text)) {
    statementUses.set(text, neverNamed);
    return args;
  }
  const name = `bx${++namedCount}`;
  statementUses.set(text, name);
  return [{ name, text, values }];
}

/**
 * A prepared statement whose result columns changed under it (a migration altered a table it reads with `*`) fails on
 * that connection every time: the connection is retired so the pool's next one prepares it afresh.
 */
function isStalePreparedStatement(e: unknown): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { code?: unknown }).code === '0A000' &&
    String((e as { message?: unknown }).message).includes('cached plan must not change result type')
  );
}

export interface PoolStats {
  /** Connections open (busy and idle). */
  total: number;
  idle: number;
  /** Queries queued for a free connection. */
  waiting: number;
  max: number;
}

const pools = new WeakMap<Db, { pool: pg.Pool; max: number }>();

/** The connection pool's occupancy (for /metrics); null for a Db this module did not create. */
export function poolStats(db: Db): PoolStats | null {
  const entry = pools.get(db);
  if (!entry) return null;
  return { total: entry.pool.totalCount, idle: entry.pool.idleCount, waiting: entry.pool.waitingCount, max: entry.max };
}
