import type pg from 'pg';

/** Kysely's bookkeeping: restored by the migrator (copy format) or by pg_restore, never compared row by row. */
const MIGRATION_TABLES = new Set(['schema_migrations', 'schema_migrations_lock']);

export interface TableInfo {
  name: string;
  /** Stored columns in table order; generated columns are recomputed on restore. */
  columns: string[];
}

export interface TableFigures {
  rows: number;
  /**
   * Order-independent checksum of the rows: the sum of a 64-bit slice of each
   * row's md5 (text form of its stored columns, in a fixed session format).
   * Equal on two databases iff they hold the same rows, barring collisions.
   */
  checksum: string;
}

export interface SequenceState {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Fixes every setting that changes a value's text form (time zone, date and
 * interval style, float digits, bytea), so a checksum taken on one server
 * equals the one taken on another for the same rows.
 */
export async function normaliseSession(client: pg.Client): Promise<void> {
  await client.query(
    "set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres'; set extra_float_digits = 1; set bytea_output = 'hex'",
  );
}

/** Ordinary tables of the `public` schema with their stored columns, parents before the tables that reference them. */
export async function listTables(client: pg.Client): Promise<TableInfo[]> {
  const { rows } = await client.query<{ table_name: string; columns: string[] }>(`
    select c.table_name, array_agg(c.column_name::text order by c.ordinal_position) as columns
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
     group by c.table_name`);
  const tables = rows.filter((r) => !MIGRATION_TABLES.has(r.table_name)).map((r) => ({ name: r.table_name, columns: r.columns }));
  const { rows: edges } = await client.query<{ child: string; parent: string }>(`
    select c.relname as child, p.relname as parent
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_class p on p.oid = k.confrelid
      join pg_namespace n on n.oid = c.relnamespace
     where k.contype = 'f' and n.nspname = 'public' and c.oid <> p.oid`);
  return dependencyOrder(tables, edges);
}

/** Topological order (parents first), ties by name; a reference cycle cannot be loaded with checked constraints. */
function dependencyOrder(tables: TableInfo[], edges: { child: string; parent: string }[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const parents = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const e of edges) if (byName.has(e.parent)) parents.get(e.child)?.add(e.parent);
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = [...byName.keys()].filter((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p))).sort();
    if (ready.length === 0) throw new Error('foreign keys form a cycle between tables; cannot order the load');
    for (const name of ready) {
      placed.add(name);
      ordered.push(byName.get(name)!);
    }
  }
  return ordered;
}

/** Row count and checksum of one table, in the caller's transaction (and so its snapshot). */
export async function tableFigures(client: pg.Client, table: TableInfo): Promise<TableFigures> {
  const row = `row(${table.columns.map((c) => `t.${quoteIdent(c)}`).join(', ')})::text`;
  const { rows } = await client.query<{ rows: string; checksum: string }>(
    `select count(*)::text as rows,
            coalesce(sum(('x' || left(md5(${row}), 16))::bit(64)::bigint::numeric), 0)::text as checksum
       from ${quoteIdent(table.name)} t`,
  );
  return { rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum };
}

export async function allTableFigures(client: pg.Client, tables: TableInfo[]): Promise<Record<string, TableFigures>> {
  const out: Record<string, TableFigures> = {};
  for (const t of tables) out[t.name] = await tableFigures(client, t);
  return out;
}

export async function sequenceStates(client: pg.Client): Promise<SequenceState[]> {
  const { rows: names } = await client.query<{ name: string }>(`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'S' and n.nspname = 'public' order by 1`);
  const states: SequenceState[] = [];
  for (const { name } of names) {
    const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
      `select last_value::text, is_called from ${quoteIdent(name)}`,
    );
    states.push({ name, lastValue: rows[0]!.last_value, isCalled: rows[0]!.is_called });
  }
  return states;
}

export async function restoreSequences(client: pg.Client, states: SequenceState[]): Promise<void> {
  for (const s of states) await client.query('select setval($1::regclass, $2::bigint, $3)', [quoteIdent(s.name), s.lastValue, s.isCalled]);
}

/** The latest applied migration, or null on a database never migrated. */
export async function schemaVersion(client: pg.Client): Promise<string | null> {
  const { rows: exists } = await client.query<{ found: boolean }>(`select to_regclass('schema_migrations') is not null as found`);
  if (!exists[0]?.found) return null;
  const { rows } = await client.query<{ name: string }>('select name from schema_migrations order by name desc limit 1');
  return rows[0]?.name ?? null;
}

/** Relations of the `public` schema (tables, views, sequences): zero means the database is empty. */
export async function relationCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`
    select count(*)::text as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`);
  return Number(rows[0]!.n);
}

/** Empties the database for a forced restore: everything in `public` goes, extensions included. */
export async function dropPublicSchema(client: pg.Client): Promise<void> {
  await client.query("set lock_timeout = '10s'");
  await client.query('drop schema public cascade');
  await client.query('create schema public');
  await client.query('grant usage on schema public to public');
}

export async function serverVersion(client: pg.Client): Promise<{ version: string; major: number }> {
  const { rows } = await client.query<{ v: string; n: string }>(
    `select current_setting('server_version') as v, current_setting('server_version_num') as n`,
  );
  return { version: rows[0]!.v.split(' ')[0]!, major: Math.floor(Number(rows[0]!.n) / 10_000) };
}
