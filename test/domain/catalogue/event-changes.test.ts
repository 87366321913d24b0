import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../../src/domain/users/start-session.js';
import { formatVenueTime } from '../../../src/domain/local-time.js';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUser, createUsers, type TestUser } from '../../factories/users.js';
import { checkout, expectInvariantsHold, hold, listen, postJson } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

const day = 86_400_000;

describe('event changes: reschedule, cancel, delete', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 20 });
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, user: TestUser | null, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: user?.auth ?? {}, ...(payload ? { payload } : {}) });

  async function buy(user: TestUser, eventId: string, seatId: string): Promise<string> {
    const h = await hold(t.app, user, eventId, { seatIds: [seatId] });
    expect(h.statusCode).toBe(201);
    const res = await checkout(t.app, user, h.json().hold.id, `buy-${h.json().hold.id}`);
    expect(res.statusCode).toBe(201);
    return res.json().order.id;
  }

  /** The mails the worker wrote for these outbox rows (one per holder). */
  async function mailsOf(topic: string, orderIds: string[]): Promise<string[]> {
    const rows = await t.deps.db
      .selectFrom('outbox')
      .select(['id', 'aggregate_id'])
      .where('topic', '=', topic)
      .where('aggregate_id', 'in', orderIds)
      .orderBy('id')
      .execute();
    return Promise.all(rows.map((r) => readMail(`event-change-${r.id}`)));
  }

  /** A mail's text with quoted-printable soft breaks and escapes undone. */
  async function readMail(key: string): Promise<string> {
    const raw = await readFile(path.join(t.deps.config.dataDir, 'mail', `${key}.eml`), 'utf8');
    return Buffer.from(
      raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  }

  it('reschedule mails every holder old and new venue-local times and opens a refund window past the cut-off', async () => {
    // A cut-off of 500 hours: cancellation is closed for both the old and the new date.
    const oldStart = new Date(clock.now().getTime() + 3 * day);
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 6, startsAt: oldStart, cancellationCutoffHours: 500 });
    const [a, b, late] = await createUsers(t.deps, 3);
    const orderA = await buy(a!, ev.eventId, ev.seatIds[0]!);
    const orderB = await buy(b!, ev.eventId, ev.seatIds[1]!);
    expect((await call('POST', `/orders/${orderA}/cancel`, a!)).json().error.code).toBe('CANCELLATION_CLOSED');

    const intruder = await createUser(t.deps, ['organizer']);
    const newStart = new Date(clock.now().getTime() + 10 * day);
    const body = { startsAt: newStart.toISOString(), refundWindowDays: 2 };
    expect((await call('POST', `/admin/events/${ev.eventId}/reschedule`, intruder, body)).statusCode).toBe(403);
    const past = await call('POST', `/admin/events/${ev.eventId}/reschedule`, ev.organizer, {
      startsAt: new Date(clock.now().getTime() - 1000).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details.fields[0]).toMatchObject({ field: 'body/startsAt', message: 'must be in the future' });

    clock.advance(1000);
    const movedAt = clock.now().getTime();
    const moved = await call('POST', `/admin/events/${ev.eventId}/reschedule`, ev.organizer, body);
    expect(moved.statusCode).toBe(200);
    expect(moved.json().event).toMatchObject({ startsAt: newStart.toISOString(), rescheduledFrom: oldStart.toISOString() });
    clock.advance(1000);
    const orderLate = await buy(late!, ev.eventId, ev.seatIds[2]!);

    await deliverOutbox(t.deps);
    const mails = await mailsOf('order.event-changed', [orderA, orderB, orderLate]);
    expect(mails).toHaveLength(2);
    const tz = 'Europe/Berlin';
    for (const mail of mails) {
      expect(mail).toContain(`Was: ${formatVenueTime(oldStart, tz, 'en-US')}`);
      expect(mail).toContain(`Now: ${formatVenueTime(newStart, tz, 'en-US')}`);
      expect(mail).toMatch(/GMT\+[12]/);
    }
    // A second delivery of the same rows rewrites, never adds.
    await t.deps.db.updateTable('outbox').set({ delivered_at: null }).where('topic', '=', 'order.event-changed').execute();
    await deliverOutbox(t.deps);
    expect(await mailsOf('order.event-changed', [orderA, orderB, orderLate])).toHaveLength(2);

    const windowEnd = new Date(movedAt + 2 * day).toISOString();
    const shown = (await call('GET', `/orders/${orderA}`, a!)).json().order;
    expect(shown).toMatchObject({ rescheduleRefundUntil: windowEnd, cancellableUntil: windowEnd });
    expect(shown.event).toMatchObject({ startsAt: newStart.toISOString(), rescheduledFrom: oldStart.toISOString() });
    expect((await call('GET', `/orders/${orderLate}`, late!)).json().order.rescheduleRefundUntil).toBeNull();
    expect((await call('POST', `/orders/${orderLate}/cancel`, late!)).json().error.code).toBe('CANCELLATION_CLOSED');

    const cancelled = await call('POST', `/orders/${orderA}/cancel`, a!);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().order.status).toBe('cancelled');
    clock.advance(2 * day);
    const bAgain = { ...b!, auth: { authorization: `Bearer ${(await startSession(t.deps, b!.id)).token}` } };
    expect((await call('POST', `/orders/${orderB}/cancel`, bAgain)).json().error.code).toBe('CANCELLATION_CLOSED');
    await deliverOutbox(t.deps);
    const refunds = await t.deps.db.selectFrom('refunds').select(['order_id', 'amount']).where('order_id', '=', orderA).execute();
    expect(refunds).toEqual([{ order_id: orderA, amount: '5000' }]);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('a new start or title of a published event through PATCH tells holders too; a draft is rescheduled by editing it', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 3 });
    const fan = await createUser(t.deps);
    const order = await buy(fan, ev.eventId, ev.seatIds[0]!);
    const startsAt = new Date(clock.now().getTime() + 40 * day).toISOString();
    expect((await call('PATCH', `/admin/events/${ev.eventId}`, ev.organizer, { startsAt, title: 'Renamed Gala' })).statusCode).toBe(200);
    await deliverOutbox(t.deps);
    const mails = await mailsOf('order.event-changed', [order]);
    expect(mails).toHaveLength(2);
    expect(mails.join('\n')).toMatch(/New date: Renamed Gala/);
    expect(mails.join('\n')).toMatch(/is now called Renamed Gala/);
    expect((await call('GET', `/orders/${order}`, fan)).json().order.event.title).toBe('Renamed Gala');

    const draft = await call('POST', `/admin/events/${ev.eventId}/duplicate`, ev.organizer, { startsAt });
    const moveDraft = await call('POST', `/admin/events/${draft.json().event.id}/reschedule`, ev.organizer, { startsAt });
    expect(moveDraft.statusCode).toBe(422);
  });

  it('cancel with a reason races a hundred checkouts: nothing stays sold, everyone paid is refunded exactly once', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 4, seatsPerRow: 30, holdSeconds: 600 });
    const fans = await createUsers(t.deps, 100);
    const holds = await Promise.all(fans.map((f, i) => hold(t.app, f, ev.eventId, { seatIds: [ev.seatIds[i]!] })));
    expect(holds.every((h) => h.statusCode === 201)).toBe(true);
    const early = await buy(...([await createUser(t.deps), ev.eventId, ev.seatIds[110]!] as const));

    const base = await listen(t.app);
    const checkouts = fans.map((f, i) =>
      postJson(
        base,
        `/holds/${holds[i]!.json().hold.id}/checkout`,
        f,
        { payment: { method: 'card', token: 'tok_visa' } },
        {
          'idempotency-key': `race-${i}`,
        },
      ),
    );
    const cancel = postJson(base, `/admin/events/${ev.eventId}/cancel`, ev.organizer, { reason: 'Storm damage to the roof' });
    const [cancelled, ...results] = await Promise.all([cancel, ...checkouts]);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.event).toMatchObject({ status: 'cancelled', cancelReason: 'Storm damage to the roof' });
    expect(results.every((r) => [201, 402, 409, 410, 422].includes(r.status))).toBe(true);

    for (let i = 0; i < 10; i++) {
      await deliverOutbox(t.deps);
      clock.advance(60_000);
    }
    const orders = await t.deps.db.selectFrom('orders').select(['id', 'status']).where('event_id', '=', ev.eventId).execute();
    expect(orders.length).toBeGreaterThan(1);
    expect(orders.filter((o) => o.status === 'confirmed' || o.status === 'pending_payment')).toEqual([]);
    const money = await t.deps.db
      .selectFrom('orders as o')
      .select((eb) => [
        'o.id',
        eb
          .selectFrom('payments as p')
          .whereRef('p.order_id', '=', 'o.id')
          .where('p.status', '=', 'captured')
          .select(eb.fn.countAll<string>().as('n'))
          .as('captures'),
        eb.selectFrom('refunds as r').whereRef('r.order_id', '=', 'o.id').select(eb.fn.countAll<string>().as('n')).as('refunds'),
      ])
      .where('o.event_id', '=', ev.eventId)
      .execute();
    for (const m of money) expect(Number(m.refunds), m.id).toBe(Number(m.captures));
    expect(money.filter((m) => Number(m.captures) > 0).length).toBeGreaterThan(0);
    const sold = await t.deps.db
      .selectFrom('event_seats')
      .select('seat_id')
      .where('event_id', '=', ev.eventId)
      .where('status', '<>', 'available')
      .execute();
    expect(sold).toEqual([]);
    await expectInvariantsHold(t.deps, [ev.eventId]);

    const mail = await readMail(`order-cancelled-${early}`);
    expect(mail).toContain('Storm damage to the roof');
    const page = await call('GET', `/events/${ev.eventId}`, null);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ status: 'cancelled', saleStatus: 'cancelled', cancelReason: 'Storm damage to the roof' });
    const late = await createUser(t.deps);
    expect((await hold(t.app, late, ev.eventId, { seatIds: [ev.seatIds[115]] })).json().error.code).toBe('NOT_ON_SALE');
    expect((await call('POST', `/admin/events/${ev.eventId}/cancel`, ev.organizer, { reason: 'again' })).statusCode).toBe(422);
  });

  it('bookings keep title, date and venue after the event is cancelled', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    const fan = await createUser(t.deps);
    const order = await buy(fan, ev.eventId, ev.seatIds[0]!);
    const before = (await call('GET', `/orders/${order}`, fan)).json().order.event;
    expect((await call('POST', `/admin/events/${ev.eventId}/cancel`, ev.organizer, { reason: 'Venue flooded' })).statusCode).toBe(200);
    await deliverOutbox(t.deps);
    const mine = (await call('GET', '/me/orders', fan)).json().items.find((o: { id: string }) => o.id === order);
    expect(mine.status).toBe('cancelled');
    expect(mine.cancellableUntil).toBeNull();
    expect(mine.event).toEqual({ ...before, status: 'cancelled', cancelReason: 'Venue flooded' });
    expect(mine.event.title).toMatch(/^Test Event/);
    expect(mine.event.venue.name).toMatch(/^Test Hall/);
  });

  it('removes drafts only; a published event, with orders or not, must be cancelled (422)', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    await buy(await createUser(t.deps), ev.eventId, ev.seatIds[0]!);
    const refused = await call('DELETE', `/admin/events/${ev.eventId}`, ev.organizer);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/cancel/i) });
    expect((await call('GET', `/events/${ev.eventId}`, null)).json().status).toBe('published');

    const startsAt = new Date(clock.now().getTime() + 20 * day).toISOString();
    const draft = (await call('POST', `/admin/events/${ev.eventId}/duplicate`, ev.organizer, { startsAt })).json().event;
    expect((await call('POST', `/admin/events/${draft.id}/cancel`, ev.organizer, { reason: 'x' })).statusCode).toBe(422);
    expect((await call('DELETE', `/admin/events/${draft.id}`, await createUser(t.deps, ['organizer']))).statusCode).toBe(403);
    const deleted = await call('DELETE', `/admin/events/${draft.id}`, ev.organizer);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().event.status).toBe('removed');

    const unsold = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    expect((await call('DELETE', `/admin/events/${unsold.eventId}`, unsold.organizer)).statusCode).toBe(422);
    const blank = await call('POST', `/admin/events/${ev.eventId}/cancel`, ev.organizer, { reason: '   ' });
    expect(blank.statusCode).toBe(400);
  });
});
