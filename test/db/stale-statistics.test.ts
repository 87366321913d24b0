import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent } from '../factories/catalogue.js';
import { createUsers } from '../factories/users.js';
import { checkout, hold } from '../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * An on-sale's event is analysed before anyone holds a seat, and one sale does not get a table as large as a real
 * `event_seats` re-analysed: the planner keeps taking the partial index of held seats for empty. Queries that find a
 * hold's seats must not lean on that index (migration 0031). This file has a database of its own, so the statistics
 * are exactly those of a fresh sale.
 */
describe('booking under the statistics of a fresh sale', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 20 });
  });
  afterAll(() => t.close());

  /** Entries read from the indexes of held seats and live holds, and tickets written, as the statistics report them. */
  async function stats(): Promise<{ seats: number; holds: number; tickets: number }> {
    const { rows } = await sql<{ seats: string; holds: string; tickets: string }>`
      select (select idx_tup_read from pg_stat_user_indexes where indexrelname = 'event_seats_held_expiry_idx') as seats,
             (select idx_tup_read from pg_stat_user_indexes where indexrelname = 'holds_expiry_idx') as holds,
             (select n_tup_ins from pg_stat_user_tables where relname = 'tickets') as tickets`.execute(t.deps.db);
    return { seats: Number(rows[0]!.seats), holds: Number(rows[0]!.holds), tickets: Number(rows[0]!.tickets) };
  }

  it('a checkout does not read the seats or holds of other fans', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 4, seatsPerRow: 100 });
    await sql`analyze event_seats, holds`.execute(t.deps.db);
    const fans = await createUsers(t.deps, 150);
    const held = await Promise.all(
      fans.map((fan, i) => hold(t.app, fan, ev.eventId, { seatIds: [ev.seatIds[2 * i], ev.seatIds[2 * i + 1]] })),
    );
    expect(held.map((r) => r.statusCode)).toEqual(fans.map(() => 201));

    const before = await stats();
    const paid = await checkout(t.app, fans[0]!, held[0]!.json().hold.id, 'stale-statistics');
    expect(paid.statusCode).toBe(201);
    // A backend reports its statistics a second or so after going idle, all at once: once the confirmation's two
    // tickets are counted, so are its index reads.
    let after = await stats();
    for (const until = Date.now() + 15_000; after.tickets < before.tickets + 2 && Date.now() < until; after = await stats())
      await new Promise((r) => setTimeout(r, 100));
    expect(after.tickets).toBeGreaterThanOrEqual(before.tickets + 2);
    // 0027's confirmation read all 300 held seats' entries here, and its start all 150 live holds'.
    expect(after.seats - before.seats, 'held-seat index entries read by one checkout').toBeLessThan(20);
    expect(after.holds - before.holds, 'live-hold index entries read by one checkout').toBeLessThan(20);
  });
});
