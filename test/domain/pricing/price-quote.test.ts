import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmission } from '../../../src/jobs/admission.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUsers } from '../../factories/users.js';
import { hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

const DAY = 86_400_000;

/** Sales open a year from now (real time) and a ManualClock moves past the opening, as in the waiting-room tests. */
describe('a fan admitted from the waiting room keeps the price shown at admission', () => {
  let t: TestApp;
  let clock: ManualClock;
  const opening = new Date(Date.now() + 365 * DAY);
  beforeAll(async () => {
    clock = new ManualClock(new Date(opening.getTime() - 600_000));
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('quotes at admission, holds at the quote after a rise, and at the current price once the turn is over', async () => {
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 20,
      perUserLimit: 2,
      saleStartsAt: opening,
      startsAt: new Date(opening.getTime() + 30 * DAY),
    });
    const tierId = ev.tierIds[0]!;
    const admin = (method: 'PUT', url: string, payload: object) =>
      t.app.inject({ method, url: `/api/v1/admin/events/${ev.eventId}${url}`, headers: ev.organizer.auth, payload });
    expect((await admin('PUT', '/queue', { enabled: true, admitWindowSeconds: 300 })).statusCode).toBe(200);
    clock.set(new Date(opening.getTime() + 1000));
    const [fan, late] = await createUsers(t.deps, 2);
    const tokens = [];
    for (const u of [fan!, late!])
      tokens.push(
        (await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: u.auth, payload: {} })).json()
          .token as string,
      );
    await runAdmission(t.deps, { eventIds: [ev.eventId] });

    const quote = (user: typeof fan, token?: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/events/${ev.eventId}/price-quote`,
        headers: { ...user!.auth, ...(token ? { 'x-queue-token': token } : {}) },
      });
    expect((await quote(fan)).statusCode).toBe(403);
    const q = await quote(fan, tokens[0]);
    expect(q.statusCode, q.body).toBe(200);
    expect(q.json().quote).toMatchObject({
      expiresAt: new Date(clock.now().getTime() + 300_000).toISOString(),
      prices: [{ tierId, price: { amount: 5000, currency: 'EUR' } }],
    });

    // The price rises after admission: the quote stands when asked again, and the hold pays it.
    expect((await admin('PUT', `/pricing/tiers/${tierId}/price`, { price: { amount: 8000, currency: 'EUR' } })).statusCode).toBe(200);
    expect((await quote(fan, tokens[0])).json().quote.prices[0].price.amount).toBe(5000);
    clock.advance(60_000);
    const held = await hold(t.app, fan!, ev.eventId, { seatIds: [ev.seatIds[0], ev.seatIds[1]] }, { 'x-queue-token': tokens[0]! });
    expect(held.statusCode, held.body).toBe(201);
    expect(held.json().hold.total).toEqual({ amount: 10_000, currency: 'EUR' });
    expect(held.json().hold.seats.map((s: { price: { amount: number } }) => s.price.amount)).toEqual([5000, 5000]);
    const stored = await t.deps.db
      .selectFrom('holds')
      .select('total_amount')
      .where('id', '=', held.json().hold.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.total_amount)).toBe(10_000);

    // A fan whose quote has run out pays the current price.
    expect((await quote(late, tokens[1])).statusCode).toBe(200);
    clock.advance(301_000);
    const lateHold = await hold(t.app, late!, ev.eventId, { seatIds: [ev.seatIds[5]] }, { 'x-queue-token': tokens[1]! });
    expect(lateHold.statusCode, lateHold.body).toBe(201);
    expect(lateHold.json().hold.total.amount).toBe(8000);
  });
});
