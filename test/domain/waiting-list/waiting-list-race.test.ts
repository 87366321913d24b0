import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireHolds } from '../../../src/domain/holds/expire-holds.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUsers, type TestUser } from '../../factories/users.js';
import { checkout, expectInvariantsHold, hold, listen, postJson } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

/**
 * Three hundred seats come back at once — a hundred fans release their holds,
 * a hundred cancel their orders, a hundred holds expire under twenty racing
 * sweepers — while 280 fans wait. No seat may be offered twice, and no
 * released seat may sit free while a fan it could serve waits.
 */
describe('waiting list under a burst of releases', () => {
  let t: TestApp;
  let clock: ManualClock;
  let base: string;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 20 });
    base = await listen(t.app);
  });
  afterAll(() => t.close());

  it('offers every released seat at most once, each to one waiting fan', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 10, seatsPerRow: 30, holdSeconds: 60, perUserLimit: 4 });
    const seats = ev.seatIds;
    const holdEach = async (users: TestUser[], from: number): Promise<string[]> =>
      Promise.all(
        users.map(async (u, i) => {
          const h = await hold(t.app, u, ev.eventId, { seatIds: [seats[from + i]] });
          expect(h.statusCode).toBe(201);
          return h.json().hold.id as string;
        }),
      );

    const buyers = await createUsers(t.deps, 100);
    const buyerHolds = await holdEach(buyers, 0);
    const orders = await Promise.all(
      buyers.map(async (u, i) => {
        const res = await checkout(t.app, u, buyerHolds[i]!, `race-${buyerHolds[i]}`);
        expect(res.statusCode).toBe(201);
        return res.json().order.id as string;
      }),
    );
    await holdEach(await createUsers(t.deps, 100), 100); // these expire
    clock.advance(30_000);
    const releasers = await createUsers(t.deps, 100);
    const releaserHolds = await holdEach(releasers, 200);

    // 250 fans want one seat, 30 want two: more than comes back.
    const fans = await createUsers(t.deps, 280);
    const joins = await Promise.all(
      fans.map((f, i) => postJson(base, `/events/${ev.eventId}/waiting-list`, f, { quantity: i % 9 === 4 && i < 270 ? 2 : 1 })),
    );
    expect(joins.map((j) => j.status)).toEqual(fans.map(() => 201));

    clock.advance(31_000); // the first hundred holds are past expiry, the releasers' are not
    const results = await Promise.all([
      ...releasers.map((u, i) =>
        fetch(`${base}/api/v1/holds/${releaserHolds[i]}`, { method: 'DELETE', headers: u.auth }).then((r) => r.status),
      ),
      ...buyers.map((u, i) => postJson(base, `/orders/${orders[i]}/cancel`, u, {}).then((r) => r.status)),
      ...Array.from({ length: 20 }, () => expireHolds(t.deps, { eventIds: [ev.eventId], batch: 5 }).then(() => 0)),
    ]);
    expect(results.filter((s) => s === 204)).toHaveLength(100);
    expect(results.filter((s) => s === 200)).toHaveLength(100);
    await expireHolds(t.deps, { eventIds: [ev.eventId] });

    const entries = await t.deps.db.selectFrom('waiting_list_entries').selectAll().where('event_id', '=', ev.eventId).execute();
    const offered = entries.filter((e) => e.status === 'offered');
    // Each offer is its own hold holding exactly the quantity asked for, and no seat is in two offers.
    const offerSeats = await t.deps.db
      .selectFrom('hold_seats as hs')
      .innerJoin('event_seats as es', (j) => j.onRef('es.event_id', '=', 'hs.event_id').onRef('es.seat_id', '=', 'hs.seat_id'))
      .select(['hs.hold_id', 'hs.seat_id', 'es.status', 'es.hold_id as seat_hold'])
      .where(
        'hs.hold_id',
        'in',
        offered.map((e) => e.offered_hold_id!),
      )
      .execute();
    expect(new Set(offered.map((e) => e.offered_hold_id)).size).toBe(offered.length);
    expect(new Set(offerSeats.map((s) => s.seat_id)).size).toBe(offerSeats.length);
    expect(offerSeats.every((s) => s.status === 'held' && s.seat_hold === s.hold_id)).toBe(true);
    for (const e of offered) expect(offerSeats.filter((s) => s.hold_id === e.offered_hold_id)).toHaveLength(e.quantity);
    const offeredSeats = offered.reduce((n, e) => n + e.quantity, 0);
    expect(offerSeats).toHaveLength(offeredSeats);
    // Every one-seat fan was served before any seat was left free: supply exceeded what two-seat fans could take only at the end.
    const free = await sql<{
      n: string;
    }>`select count(*) as n from event_seats where event_id = ${ev.eventId} and status = 'available'`.execute(t.deps.db);
    const waitingSingles = entries.filter((e) => e.status === 'waiting' && e.quantity === 1).length;
    expect(waitingSingles === 0 || Number(free.rows[0]!.n) === 0).toBe(true);
    expect(offeredSeats + Number(free.rows[0]!.n)).toBe(300);
    expect(offered.length).toBeGreaterThanOrEqual(250);
    const mails = await t.deps.db
      .selectFrom('outbox')
      .select('aggregate_id')
      .where('topic', '=', 'waitlist.offered')
      .where(
        'aggregate_id',
        'in',
        offered.map((e) => e.id),
      )
      .execute();
    expect(mails).toHaveLength(offered.length);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  }, 120_000);
});
