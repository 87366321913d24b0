import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { findOrderView } from '../../src/domain/orders/order-view.js';
import { testDatabaseUrl } from '../support/test-database.js';

// One connection, so what one statement prepared the next one sees in pg_prepared_statements.
const db = createDb({ url: testDatabaseUrl(), max: 1 });
afterAll(() => db.destroy());

const preparedTexts = async (): Promise<string[]> =>
  (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);

describe('statements sent often are prepared once per connection', () => {
  it('a parameterised text is sent unnamed twice, then prepared, and answers the same', async () => {
    const shape = (n: number) => sql<{ doubled: number }>`select ${n}::int * 2 as doubled, 'prepared-test-shape' as tag`;
    const text = shape(0).compile(db).sql;
    for (const n of [1, 2]) expect((await shape(n).execute(db)).rows[0]!.doubled).toBe(n * 2);
    expect(await preparedTexts()).not.toContain(text);
    for (const n of [3, 4, 5]) expect((await shape(n).execute(db)).rows[0]!.doubled).toBe(n * 2);
    expect(await preparedTexts()).toContain(text);
  });

  it('the order view of one order is planned once, not on every call', async () => {
    for (let i = 0; i < 12; i++) expect(await findOrderView(db, randomUUID())).toBeUndefined();
    const [view] = (
      await sql<{ generic_plans: string; custom_plans: string }>`
        select generic_plans, custom_plans from pg_prepared_statements where statement like '%as captured,%'`.execute(db)
    ).rows;
    // PostgreSQL plans a prepared statement afresh for its first five calls, then keeps a generic plan if it costs no more.
    expect(Number(view!.custom_plans)).toBeLessThanOrEqual(5);
    expect(Number(view!.generic_plans)).toBeGreaterThanOrEqual(5);
  });

  it('an insert naming a partial unique index by a parameterised predicate keeps working past the fifth call', async () => {
    await sql`create table arbiter_probe (k int, status text)`.execute(db);
    await sql`create unique index on arbiter_probe (k) where status = 'live'`.execute(db);
    for (let k = 0; k < 10; k++) {
      const rows = await db
        .withTables<{ arbiter_probe: { k: number; status: string } }>()
        .insertInto('arbiter_probe')
        .values({ k: k % 2, status: 'live' })
        .onConflict((oc) => oc.column('k').where('status', '=', 'live').doNothing())
        .returning('k')
        .execute();
      expect(rows).toHaveLength(k < 2 ? 1 : 0);
    }
  });

  it('a statement whose table changed under it fails once on its connection, which is retired; the next call prepares it afresh', async () => {
    await sql`create table prepared_probe (id int primary key, a text)`.execute(db);
    await sql`insert into prepared_probe values (1, 'x')`.execute(db);
    const read = () => sql<Record<string, unknown>>`select * from prepared_probe where id = ${1}`.execute(db);
    for (let i = 0; i < 4; i++) await read();
    await sql`alter table prepared_probe add column b text default 'y'`.execute(db);
    const first = await read().then(
      (r) => r.rows[0],
      (e: unknown) => e,
    );
    // PostgreSQL refuses a cached plan whose columns changed; the retired connection's successor reads the new shape.
    expect(String((first as Error).message)).toContain('cached plan must not change result type');
    expect((await read()).rows[0]).toEqual({ id: 1, a: 'x', b: 'y' });
  });
});
