import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireHolds } from '../../../src/domain/holds/expire-holds.js';
import { refreshDirtyAvailability } from '../../../src/db/repositories/holds.repository.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUser } from '../../factories/users.js';
import { checkout, expectInvariantsHold, hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

describe('holds', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 10 });
  });
  afterAll(() => t.close());

  it('holds specific seats with prices locked, and frees them on DELETE', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 5, price: { amount: 4200, currency: 'EUR' } });
    const user = await createUser(t.deps);
    const res = await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[1], ev.seatIds[0]] });
    expect(res.statusCode).toBe(201);
    const h = res.json().hold;
    expect(h.seats.map((s: { id: string }) => s.id).sort()).toEqual([ev.seatIds[0], ev.seatIds[1]].sort());
    expect(h.seats.find((s: { id: string }) => s.id === ev.seatIds[0])).toMatchObject({
      section: 'Stalls',
      row: 'A',
      number: 1,
      price: { amount: 4200, currency: 'EUR' },
    });
    expect(h.total).toEqual({ amount: 8400, currency: 'EUR' });
    expect(new Date(h.expiresAt).getTime() - clock.now().getTime()).toBe(600_000);

    // A price change after the hold does not touch the locked price.
    await t.deps.db.updateTable('price_tiers').set({ price_amount: 9999 }).where('event_id', '=', ev.eventId).execute();
    const locked = await t.deps.db.selectFrom('hold_seats').select('price_amount').where('hold_id', '=', h.id).execute();
    expect(locked.map((r) => Number(r.price_amount))).toEqual([4200, 4200]);

    const seats = await t.deps.db
      .selectFrom('event_seats')
      .select(['seat_id', 'status', 'hold_id'])
      .where('event_id', '=', ev.eventId)
      .where('status', '=', 'held')
      .execute();
    expect(seats).toHaveLength(2);
    await expectInvariantsHold(t.deps, [ev.eventId]);

    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${h.id}`, headers: user.auth });
    expect(del.statusCode).toBe(204);
    const after = await t.deps.db
      .selectFrom('event_seats')
      .select('status')
      .where('event_id', '=', ev.eventId)
      .where('status', '<>', 'available')
      .execute();
    expect(after).toHaveLength(0);
    expect(
      (await t.deps.db.selectFrom('holds').select(['status', 'release_reason']).where('id', '=', h.id).executeTakeFirstOrThrow()).status,
    ).toBe('released');
    // The booking is closed, so the same user may hold again.
    expect((await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).statusCode).toBe(201);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('is all-or-nothing: one taken seat fails the whole request and names it', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const [a, b] = [await createUser(t.deps), await createUser(t.deps)];
    expect((await hold(t.app, a, ev.eventId, { seatIds: [ev.seatIds[1]] })).statusCode).toBe(201);
    const res = await hold(t.app, b, ev.eventId, { seatIds: [ev.seatIds[0], ev.seatIds[1], ev.seatIds[2]] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'SEATS_UNAVAILABLE', details: { seatIds: [ev.seatIds[1]] } });
    const held = await t.deps.db
      .selectFrom('event_seats')
      .select('seat_id')
      .where('event_id', '=', ev.eventId)
      .where('status', '=', 'held')
      .execute();
    expect(held.map((s) => s.seat_id)).toEqual([ev.seatIds[1]]);
    expect(await t.deps.db.selectFrom('holds').select('id').where('user_id', '=', b.id).execute()).toHaveLength(0);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('best available prefers adjacent seats in one row, then best rows; GA takes places', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 3, seatsPerRow: 6, gaCapacity: 20, perUserLimit: 6 });
    const first = await createUser(t.deps);
    // Break row A into islands so no 3 adjacent seats remain there.
    const rowA = ev.seatIds.slice(0, 6);
    expect((await hold(t.app, first, ev.eventId, { seatIds: [rowA[2], rowA[4]] })).statusCode).toBe(201);
    const user = await createUser(t.deps);
    const res = await hold(t.app, user, ev.eventId, { sectionId: ev.seatedSectionId, quantity: 3 });
    expect(res.statusCode).toBe(201);
    const seats = res.json().hold.seats as { row: string; number: number }[];
    expect(new Set(seats.map((s) => s.row)).size).toBe(1);
    const numbers = seats.map((s) => s.number).sort((x, y) => x - y);
    expect(numbers[2]! - numbers[0]!).toBe(2);

    const gaUser = await createUser(t.deps);
    const ga = await hold(t.app, gaUser, ev.eventId, { sectionId: ev.gaSectionId, quantity: 4 });
    expect(ga.statusCode).toBe(201);
    expect(ga.json().hold.seats).toHaveLength(4);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('enforces the per-user limit, one booking per event, and the sale window', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 10, perUserLimit: 2 });
    const user = await createUser(t.deps);
    const over = await hold(t.app, user, ev.eventId, { sectionId: ev.seatedSectionId, quantity: 3 });
    expect(over.statusCode).toBe(422);
    expect(over.json().error.code).toBe('LIMIT_EXCEEDED');
    expect((await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).statusCode).toBe(201);
    const second = await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[5]] });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('ACTIVE_BOOKING_EXISTS');

    const later = await createPublishedEvent(t.deps, { saleStartsAt: new Date(clock.now().getTime() + 86_400_000) });
    const closed = await hold(t.app, user, later.eventId, { seatIds: [later.seatIds[0]] });
    expect(closed.statusCode).toBe(422);
    expect(closed.json().error.code).toBe('NOT_ON_SALE');
    const missing = await hold(t.app, user, '00000000-0000-4000-8000-000000000000', { seatIds: ['1'] });
    expect(missing.statusCode).toBe(404);
    await expectInvariantsHold(t.deps, [ev.eventId, later.eventId]);
  });

  it('expires holds by the clock: seats free at once, checkout 410 and nothing charged, sweeper records it', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4, holdSeconds: 60 });
    const [a, b] = [await createUser(t.deps), await createUser(t.deps)];
    const held = (await hold(t.app, a, ev.eventId, { seatIds: [ev.seatIds[0], ev.seatIds[1]] })).json().hold;
    expect((await hold(t.app, b, ev.eventId, { seatIds: [ev.seatIds[0]] })).statusCode).toBe(409);

    clock.advance(61_000);
    // Lazily free: another user takes a seat of the expired hold before any sweeper ran.
    const taken = await hold(t.app, b, ev.eventId, { seatIds: [ev.seatIds[0]] });
    expect(taken.statusCode).toBe(201);
    const paid = await checkout(t.app, a, held.id, 'expired-1');
    expect(paid.statusCode).toBe(410);
    expect(paid.json().error.code).toBe('HOLD_EXPIRED');
    // Nothing charged: no order, no payment, no provider intent.
    expect(await t.deps.db.selectFrom('orders').select('id').where('hold_id', '=', held.id).execute()).toHaveLength(0);
    expect(await t.deps.db.selectFrom('orders').select('id').where('user_id', '=', a.id).execute()).toHaveLength(0);

    expect(await expireHolds(t.deps, { eventIds: [ev.eventId] })).toBe(1);
    const closed = await t.deps.db
      .selectFrom('holds')
      .select(['status', 'release_reason'])
      .where('id', '=', held.id)
      .executeTakeFirstOrThrow();
    expect(closed).toEqual({ status: 'expired', release_reason: 'expired' });
    const audit = await t.deps.db.selectFrom('audit_log').select('action').where('subject_id', '=', held.id).execute();
    expect(audit.map((x) => x.action)).toContain('hold.expired');
    const states = await t.deps.db.selectFrom('event_seats').select(['seat_id', 'status']).where('event_id', '=', ev.eventId).execute();
    const stateOf = new Map(states.map((s) => [s.seat_id, s.status]));
    expect(ev.seatIds.map((id) => stateOf.get(id))).toEqual(['held', 'available', 'available', 'available']);

    // The worker refreshes the denormalised count that search filters on.
    await refreshDirtyAvailability(t.deps.db, clock.now(), 1000);
    const row = await t.deps.db.selectFrom('events').select('seats_available').where('id', '=', ev.eventId).executeTakeFirstOrThrow();
    expect(row.seats_available).toBe(3);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });
});
