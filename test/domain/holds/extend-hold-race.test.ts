import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireHolds } from '../../../src/domain/holds/expire-holds.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUsers } from '../../factories/users.js';
import { expectInvariantsHold, listen, postJson } from '../../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Extensions racing the expiry sweeper and rivals who want the same seats, on
 * the system clock over real sockets: every hold ends either extended with all
 * its seats, or expired with its seats free or taken by a rival — never
 * extended with seats gone, never a seat in two holds.
 */
describe('extending holds while they expire', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 20, config: { holdExtensions: { max: 1, maxTotalSeconds: 1800 } } });
    base = await listen(t.app);
  });
  afterAll(() => t.close());

  it('120 extensions around the expiry, a sweeper in a loop and 120 rivals: each hold is either extended whole or gone', async () => {
    const n = 120;
    const ev = await createPublishedEvent(t.deps, { seatedRows: 15, seatsPerRow: 20, holdSeconds: 600 });
    const fans = await createUsers(t.deps, n);
    const rivals = await createUsers(t.deps, n);
    const holds = await Promise.all(
      fans.map(async (fan, i) => {
        const res = await postJson(base, `/events/${ev.eventId}/holds`, fan, { seatIds: [ev.seatIds[2 * i]!, ev.seatIds[2 * i + 1]!] });
        expect(res.status).toBe(201);
        return res.body.hold.id as string;
      }),
    );
    // Every hold now runs out 2.5 s from here (generous: the machine may be busy).
    const expiry = new Date(Date.now() + 2500);
    await sql`update holds set expires_at = ${expiry} where event_id = ${ev.eventId}`.execute(t.deps.db);
    await sql`update event_seats set hold_expires_at = ${expiry} where event_id = ${ev.eventId} and status = 'held'`.execute(t.deps.db);

    let sweeping = true;
    const sweeper = (async () => {
      let swept = 0;
      while (sweeping) {
        swept += await expireHolds(t.deps, { eventIds: [ev.eventId] });
        await sleep(5);
      }
      return swept;
    })();
    // Spread over 5 s around the expiry: some ask in time, some just too late.
    const extensions = holds.map(async (id, i) => {
      await sleep((i / n) * 5000);
      return postJson(base, `/holds/${id}/extend`, fans[i]!, null);
    });
    const rivalry = rivals.map(async (rival, i) => {
      await sleep(((n - i) / n) * 5000);
      return postJson(base, `/events/${ev.eventId}/holds`, rival, { seatIds: [ev.seatIds[2 * i]!] });
    });
    const replies = await Promise.all(extensions);
    const rivalReplies = await Promise.all(rivalry);
    sweeping = false;
    await sweeper;

    const statuses = replies.map((r) => r.status);
    expect(
      statuses.every((s) => s === 200 || s === 410),
      JSON.stringify(replies.filter((r) => r.status !== 200 && r.status !== 410)),
    ).toBe(true);
    // It really raced: both outcomes happened.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 410).length).toBeGreaterThan(0);
    expect(rivalReplies.filter((r) => r.status === 201).length).toBeGreaterThan(0);

    const rows = new Map(
      (await t.deps.db.selectFrom('holds').select(['id', 'status', 'expires_at', 'extensions']).where('id', 'in', holds).execute()).map(
        (r) => [r.id, r],
      ),
    );
    const seatRows = new Map(
      (
        await t.deps.db
          .selectFrom('event_seats')
          .select(['seat_id', 'hold_id', 'hold_expires_at'])
          .where('event_id', '=', ev.eventId)
          .execute()
      ).map((s) => [s.seat_id, s]),
    );
    for (const [i, id] of holds.entries()) {
      const row = rows.get(id)!;
      const seats = [seatRows.get(ev.seatIds[2 * i]!)!, seatRows.get(ev.seatIds[2 * i + 1]!)!];
      if (replies[i]!.status === 200) {
        // Extended: still active, both seats still its own and lasting as long as the hold.
        expect(row).toMatchObject({ status: 'active', extensions: 1 });
        expect(row.expires_at.getTime()).toBe(expiry.getTime() + 600_000);
        expect(seats.map((s) => [s.hold_id, s.hold_expires_at?.getTime()])).toEqual([
          [id, row.expires_at.getTime()],
          [id, row.expires_at.getTime()],
        ]);
        expect(rivalReplies[i]!.status).toBe(409);
      } else {
        // Too late: not extended, and none of its seats is kept for it beyond the old expiry.
        expect(row.extensions).toBe(0);
        expect(row.expires_at.getTime()).toBe(expiry.getTime());
        for (const s of seats) if (s.hold_id === id) expect(s.hold_expires_at!.getTime()).toBe(expiry.getTime());
      }
    }
    await expectInvariantsHold(t.deps, [ev.eventId]);
  }, 180_000);
});
