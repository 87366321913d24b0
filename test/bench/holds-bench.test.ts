import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdsRatio, holdsTable, runHoldsBench } from '../../bench/holds-bench.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The bench:holds benchmark, tiny: it must keep running and account for every hold; its figures are not judged here. */
describe('bench:holds smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    // App pool 5 + the baseline's pg pool 5: ten connections in all.
    t = await createTestApp({ poolSize: 5 });
  });
  afterAll(() => t.close());

  it('holds seats through the API and through raw SQL, every hold accounted for, invariants clean, table printed', async () => {
    const log: string[] = [];
    const requests = 200;
    const quantity = 2;
    const result = await runHoldsBench(t.deps, {
      databaseUrl: t.deps.config.databaseUrl!,
      requests,
      clients: 20,
      quantity,
      pool: 5,
      layout: { sections: 2, rows: 5, seatsPerRow: 50 },
      log: (l) => log.push(l),
    });

    expect(result.seats).toBe(500);
    expect(result.invariantsOk, log.join('\n')).toBe(true);
    expect(result.results.map((r) => r.path)).toEqual([
      'ceiling: bare UPDATE of 2 seats via pg',
      'place_hold_headed() via pg (one round trip)',
      'HTTP API (POST /events/:id/holds)',
    ]);
    for (const r of result.results) {
      // Half the event is left over, so every request finds two adjacent free seats (the ceiling its own block).
      expect({ ok: r.ok, conflicts: r.conflicts, errors: r.errors }, r.path).toEqual({ ok: requests, conflicts: 0, errors: 0 });
      expect(r.latencyMs.count).toBe(requests);
      expect(r.holdsPerSecond).toBeGreaterThan(0);
    }

    for (const eventId of [result.eventIds.sql, result.eventIds.api]) {
      const {
        rows: [db],
      } = await sql<{ holds: number; users: number; holdSeats: number; held: number; available: number }>`
        select (select count(*)::int from holds where event_id = ${eventId} and status = 'active') as holds,
               (select count(distinct user_id)::int from holds where event_id = ${eventId}) as users,
               (select count(*)::int from hold_seats where event_id = ${eventId}) as "holdSeats",
               (select count(*)::int from event_seats where event_id = ${eventId} and status = 'held') as held,
               (select count(*)::int from event_seats where event_id = ${eventId} and status = 'available') as available`.execute(
        t.deps.db,
      );
      expect(db).toEqual({
        holds: requests,
        users: requests,
        holdSeats: requests * quantity,
        held: requests * quantity,
        available: 500 - requests * quantity,
      });
    }

    expect(result.apiToCeilingRatio).toBeCloseTo(holdsRatio(result), 2);
    expect(result.plans.fresh).toContain('event_seats');
    const table = holdsTable(result);
    expect(table).toContain('holds/s');
    expect(table).toContain('HTTP API (POST /events/:id/holds)');
    expect(holdsTable(result, true)).toContain('|');
  });
});
