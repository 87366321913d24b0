import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireHolds } from '../../../src/domain/holds/expire-holds.js';
import { forgetQueueState } from '../../../src/domain/queue/queue-context.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { checkout, hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

/** POST /holds/:id/extend: more time on a hold (WCAG 2.2.1), within its limits. */
describe('extending a hold', () => {
  let t: TestApp;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    // Three extensions, at most five minutes in all.
    t = await createTestApp({ clock, config: { holdExtensions: { max: 3, maxTotalSeconds: 300 } } });
  });
  afterAll(() => t.close());

  const extend = (user: TestUser | null, holdId: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/holds/${holdId}/extend`, headers: user ? user.auth : {} });

  const holdRow = (id: string) =>
    t.deps.db
      .selectFrom('holds')
      .select(['status', 'expires_at', 'extensions', 'total_amount'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const seatExpiries = async (holdId: string) =>
    (
      await t.deps.db
        .selectFrom('event_seats')
        .select('hold_expires_at')
        .where('hold_id', '=', holdId)
        .where('status', '=', 'held')
        .execute()
    ).map((s) => s.hold_expires_at!.getTime());

  async function newHold(holdSeconds: number, seats = 2) {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 10, holdSeconds });
    const fan = await createUser(t.deps);
    const made = await hold(t.app, fan, ev.eventId, { seatIds: ev.seatIds.slice(0, seats) });
    expect(made.statusCode).toBe(201);
    return { ev, fan, hold: made.json().hold as { id: string; expiresAt: string; extension: { left: number; nextExpiresAt: string } } };
  }

  it('moves the hold and its seats by the event’s hold time, counts it, keeps the locked price and audits it', async () => {
    const { ev, fan, hold: h } = await newHold(60);
    const created = Date.parse(h.expiresAt) - 60_000;
    expect(h.extension).toEqual({ left: 3, nextExpiresAt: new Date(created + 120_000).toISOString() });

    // The organizer raises the price meanwhile: the hold keeps the price it locked.
    await t.deps.db.updateTable('price_tiers').set({ price_amount: '9900' }).where('event_id', '=', ev.eventId).execute();
    clock.advance(50_000);
    const res = await extend(fan, h.id);
    expect(res.statusCode).toBe(200);
    const after = res.json().hold;
    expect(after.expiresAt).toBe(new Date(created + 120_000).toISOString());
    expect(after.total).toEqual({ amount: 10_000, currency: 'EUR' });
    expect(after.seats.map((s: { price: { amount: number } }) => s.price.amount)).toEqual([5000, 5000]);
    expect(after.extension).toEqual({ left: 2, nextExpiresAt: new Date(created + 180_000).toISOString() });

    const row = await holdRow(h.id);
    expect(row).toMatchObject({ status: 'active', extensions: 1, total_amount: '10000' });
    expect(row.expires_at.getTime()).toBe(created + 120_000);
    expect(await seatExpiries(h.id)).toEqual([created + 120_000, created + 120_000]);
    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'actor_id']).where('subject_id', '=', h.id).execute();
    expect(audit).toContainEqual({ action: 'hold.extended', actor_id: fan.id });

    // GET /me/holds offers the same terms, and the sweeper leaves the extended hold alone past its old expiry.
    clock.advance(20_000);
    expect(await expireHolds(t.deps, { eventIds: [ev.eventId] })).toBe(0);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/me/holds', headers: fan.auth })).json().items;
    expect(mine[0]).toMatchObject({ id: h.id, expiresAt: after.expiresAt, extension: after.extension });

    // Paying charges the locked amount.
    const paid = await checkout(t.app, fan, h.id, `extend-${h.id}`);
    expect(paid.statusCode).toBe(201);
    expect(paid.json().order.total).toEqual({ amount: 10_000, currency: 'EUR' });
  });

  it('stops at the configured number of extensions', async () => {
    const { fan, hold: h } = await newHold(30);
    const created = Date.parse(h.expiresAt) - 30_000;
    for (let i = 1; i <= 3; i++) {
      const res = await extend(fan, h.id);
      expect(res.statusCode).toBe(200);
      expect(res.json().hold.expiresAt).toBe(new Date(created + (1 + i) * 30_000).toISOString());
    }
    const fourth = await extend(fan, h.id);
    expect(fourth.statusCode).toBe(422);
    expect(fourth.json().error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { reason: 'extensions_used', maxExtensions: 3 } });
    expect(await holdRow(h.id)).toMatchObject({ extensions: 3 });
  });

  it('never lets a hold outlast the maximum total hold time', async () => {
    const { fan, hold: h } = await newHold(120);
    const created = Date.parse(h.expiresAt) - 120_000;
    expect((await extend(fan, h.id)).json().hold.expiresAt).toBe(new Date(created + 240_000).toISOString());
    const capped = await extend(fan, h.id);
    expect(capped.json().hold.expiresAt).toBe(new Date(created + 300_000).toISOString());
    expect(capped.json().hold.extension).toEqual({ left: 0, nextExpiresAt: null });
    const refused = await extend(fan, h.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.reason).toBe('max_total');
    expect((await holdRow(h.id)).expires_at.getTime()).toBe(created + 300_000);
  });

  it('on an event whose waiting room is on, stays within the admission window', async () => {
    const { ev, fan, hold: h } = await newHold(60);
    const created = Date.parse(h.expiresAt) - 60_000;
    const queue = (admitWindowSeconds: number) =>
      t.deps.db
        .updateTable('events')
        .set({ queue: JSON.stringify({ enabled: true, admitWindowSeconds }) })
        .where('id', '=', ev.eventId)
        .execute()
        .then(() => forgetQueueState(t.deps, ev.eventId));
    await queue(90);
    const partial = await extend(fan, h.id);
    expect(partial.statusCode).toBe(200);
    expect(partial.json().hold.expiresAt).toBe(new Date(created + 90_000).toISOString());
    const refused = await extend(fan, h.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { reason: 'waiting_room' } });
    expect(refused.json().error.message).toMatch(/waiting in line/);

    // A window shorter than the hold itself: no extension at all, and the hold says so.
    const second = await newHold(60);
    await t.deps.db
      .updateTable('events')
      .set({ queue: JSON.stringify({ enabled: true, admitWindowSeconds: 30 }) })
      .where('id', '=', second.ev.eventId)
      .execute();
    forgetQueueState(t.deps, second.ev.eventId);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/me/holds', headers: second.fan.auth })).json().items;
    expect(mine[0].extension).toEqual({ left: 0, nextExpiresAt: null });
    expect((await extend(second.fan, second.hold.id)).json().error.details.reason).toBe('waiting_room');
  });

  it('belongs to the hold’s owner: others get 404, anonymous 401, a malformed id 400', async () => {
    const { hold: h } = await newHold(60);
    const stranger = await createUser(t.deps);
    const res = await extend(stranger, h.id);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect((await extend(null, h.id)).statusCode).toBe(401);
    expect((await extend(stranger, 'not-a-uuid')).statusCode).toBe(400);
    expect(await holdRow(h.id)).toMatchObject({ extensions: 0 });
  });

  it('an expired, released or paid hold cannot be extended', async () => {
    const a = await newHold(30);
    clock.advance(31_000);
    const late = await extend(a.fan, a.hold.id);
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('HOLD_EXPIRED');
    await expireHolds(t.deps, { eventIds: [a.ev.eventId] });
    expect((await extend(a.fan, a.hold.id)).statusCode).toBe(410);

    const b = await newHold(60);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${b.hold.id}`, headers: b.fan.auth });
    expect((await extend(b.fan, b.hold.id)).statusCode).toBe(410);

    const c = await newHold(60);
    expect((await checkout(t.app, c.fan, c.hold.id, `paid-${c.hold.id}`)).statusCode).toBe(201);
    const paid = await extend(c.fan, c.hold.id);
    expect(paid.statusCode).toBe(422);
    expect(paid.json().error.code).toBe('INVALID_STATE');
  });
});
