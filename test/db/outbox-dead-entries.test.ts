import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { claimOutboxRows, enqueueOutbox } from '../../src/db/repositories/outbox.repository.js';
import { deliverOutbox } from '../../src/jobs/deliver-outbox.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * After a sale the pending-outbox index still holds an entry for every delivered row until a vacuum runs. A worker's
 * poll must not read them all again each time (issue 9: 66,000 entries and 38 ms per poll after bench:onsale). This
 * file has a database of its own; autovacuum is off for the outbox here so the dead entries stay, as they do while a
 * sale keeps the table busy.
 */
describe('outbox polls after a sale', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 });
    await sql`alter table outbox set (autovacuum_enabled = off)`.execute(t.deps.db);
  });
  afterAll(async () => {
    await sql`alter table outbox reset (autovacuum_enabled)`.execute(t.deps.db);
    await t.close();
  });

  /** Entries the pending index handed out over one claim (a poll that finds nothing), on one connection. */
  async function entriesReadByOnePoll(topic: string): Promise<number> {
    return t.deps.db.connection().execute(async (conn: Kysely<Database>) => {
      const read = async () =>
        (
          await sql<{ scans: string; entries: string }>`
            select idx_scan as scans, idx_tup_read as entries from pg_stat_user_indexes where indexrelname = 'outbox_pending_idx'`.execute(
            conn,
          )
        ).rows[0]!;
      const before = await read();
      await conn.transaction().execute((tx) => claimOutboxRows(tx, [topic], new Date(), 100));
      // A backend reports its statistics once idle; this one's poll is counted once the index shows one more scan.
      await sql`select pg_stat_force_next_flush()`.execute(conn);
      let after = await read();
      for (const until = Date.now() + 15_000; Number(after.scans) <= Number(before.scans) && Date.now() < until; after = await read())
        await new Promise((r) => setTimeout(r, 50));
      expect(Number(after.scans)).toBeGreaterThan(Number(before.scans));
      return Number(after.entries) - Number(before.entries);
    });
  }

  it('a poll does not read the entries of rows already delivered', async () => {
    const topic = `test.sale.${Date.now()}`;
    await enqueueOutbox(
      t.deps.db,
      new Date(),
      Array.from({ length: 3000 }, (_, i) => ({ topic, aggregateId: String(i) })),
    );
    const handlers = { [topic]: async () => undefined };
    expect(await deliverOutbox(t.deps, { handlers, max: 2900 })).toBe(2900);
    // Statistics taken near the end of the sale, with a hundred rows pending: the planner expects few pending rows.
    await sql`analyze outbox`.execute(t.deps.db);
    expect(await deliverOutbox(t.deps, { handlers, max: 5000 })).toBe(100);
    // A poll marks the entries of rows dead to every transaction of the database; a snapshot still open elsewhere in it
    // (autovacuum analysing another table) can delay that, so poll on for a while, as a worker would. A bitmap scan
    // read all 3,000 delivered rows' entries here on every poll, however long it went on.
    let read = await entriesReadByOnePoll(topic);
    for (let polls = 1; polls < 40 && read >= 50; polls++) {
      await new Promise((r) => setTimeout(r, 250));
      read = await entriesReadByOnePoll(topic);
    }
    expect(read, 'pending-index entries read by one poll').toBeLessThan(50);
  });
});
