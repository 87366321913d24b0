import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { checkout, hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

/** GET /me/holds: a hold belongs to the account, so any tab or device can find it again. */
describe('my holds', () => {
  let t: TestApp;
  let clock: ManualClock;
  let ev: PublishedEvent;
  let other: PublishedEvent;

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock });
    ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 10, holdSeconds: 120 });
    other = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 10, holdSeconds: 120 });
  });
  afterAll(() => t.close());

  const myHolds = (user?: TestUser) => t.app.inject({ method: 'GET', url: '/api/v1/me/holds', headers: user ? user.auth : {} });

  it('needs a signed-in account', async () => {
    const res = await myHolds();
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('lists the live hold with event, venue zone, seats, locked prices and expiry; never from a cache', async () => {
    const fan = await createUser(t.deps);
    const made = await hold(t.app, fan, ev.eventId, { seatIds: ev.seatIds.slice(0, 2) });
    expect(made.statusCode).toBe(201);
    const res = await myHolds(fan);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const { items } = res.json();
    expect(items).toHaveLength(1);
    const [h] = items;
    expect(h).toMatchObject({
      id: made.json().hold.id,
      eventId: ev.eventId,
      status: 'active',
      total: { amount: 10_000, currency: 'EUR' },
      expiresAt: made.json().hold.expiresAt,
      event: { id: ev.eventId, venue: { city: 'Berlin', timezone: 'Europe/Berlin' } },
    });
    expect(h.event.title).toMatch(/^Test Event/);
    expect(h.seats.map((s: { id: string }) => s.id).sort()).toEqual(ev.seatIds.slice(0, 2).sort());
    expect(h.seats[0].price).toEqual({ amount: 5000, currency: 'EUR' });
  });

  it("never shows another account's holds", async () => {
    const a = await createUser(t.deps);
    const b = await createUser(t.deps);
    expect((await hold(t.app, a, other.eventId, { seatIds: other.seatIds.slice(0, 1) })).statusCode).toBe(201);
    expect((await hold(t.app, b, other.eventId, { seatIds: other.seatIds.slice(1, 3) })).statusCode).toBe(201);
    const mine = (await myHolds(a)).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0].seats.map((s: { id: string }) => s.id)).toEqual(other.seatIds.slice(0, 1));
    const theirs = (await myHolds(b)).json().items;
    expect(theirs).toHaveLength(1);
    expect(theirs[0].id).not.toBe(mine[0].id);
    // Nor can one account release the other's hold.
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${theirs[0].id}`, headers: a.auth });
    expect(del.statusCode).toBe(404);
    expect((await myHolds(b)).json().items).toHaveLength(1);
  });

  it('drops a hold once it is released, paid for or expired', async () => {
    const fan = await createUser(t.deps);
    const evs = await Promise.all([0, 1, 2].map(() => createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4, holdSeconds: 60 })));
    const ids: string[] = [];
    for (const e of evs) {
      const res = await hold(t.app, fan, e.eventId, { seatIds: e.seatIds.slice(0, 1) });
      expect(res.statusCode).toBe(201);
      ids.push(res.json().hold.id);
    }
    expect(
      (await myHolds(fan))
        .json()
        .items.map((h: { id: string }) => h.id)
        .sort(),
    ).toEqual([...ids].sort());

    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${ids[0]}`, headers: fan.auth })).statusCode).toBe(204);
    expect((await checkout(t.app, fan, ids[1]!, 'my-holds-pay')).statusCode).toBe(201);
    expect((await myHolds(fan)).json().items.map((h: { id: string }) => h.id)).toEqual([ids[2]]);

    clock.advance(61_000);
    expect((await myHolds(fan)).json().items).toEqual([]);
  });
});
