import { readFile } from 'node:fs/promises';
import { startSession } from '../../../src/domain/users/start-session.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { checkout, expectInvariantsHold, hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

describe('after purchase: my orders, cancellation, event removal', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 10 });
  });
  afterAll(() => t.close());

  async function buy(user: TestUser, eventId: string, seatIds: string[]): Promise<{ id: string; total: { amount: number } }> {
    const h = await hold(t.app, user, eventId, { seatIds });
    expect(h.statusCode).toBe(201);
    const res = await checkout(t.app, user, h.json().hold.id, `buy-${h.json().hold.id}`);
    expect(res.statusCode).toBe(201);
    return res.json().order;
  }

  it('lists my orders (paginated) and shows one order to its owner or an admin only', async () => {
    const user = await createUser(t.deps);
    const events = await Promise.all([1, 2, 3].map(() => createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 3 })));
    const orders = [];
    for (const ev of events) {
      orders.push(await buy(user, ev.eventId, [ev.seatIds[0]!]));
      clock.advance(1_000);
    }
    const page1 = await t.app.inject({ url: '/api/v1/me/orders?limit=2', headers: user.auth });
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items.map((o: { id: string }) => o.id)).toEqual([orders[2]!.id, orders[1]!.id]);
    expect(page1.json().items[0].tickets).toHaveLength(1);
    const page2 = await t.app.inject({ url: `/api/v1/me/orders?limit=2&cursor=${page1.json().nextCursor}`, headers: user.auth });
    expect(page2.json()).toMatchObject({ items: [{ id: orders[0]!.id }], nextCursor: null });

    const other = await createUser(t.deps);
    const admin = await createUser(t.deps, ['admin']);
    expect((await t.app.inject({ url: `/api/v1/orders/${orders[0]!.id}`, headers: user.auth })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/v1/orders/${orders[0]!.id}`, headers: admin.auth })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/v1/orders/${orders[0]!.id}`, headers: other.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/v1/orders/${orders[0]!.id}` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/orders/00000000-0000-4000-8000-000000000000', headers: user.auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/orders/${orders[0]!.id}/cancel`, headers: other.auth })).statusCode).toBe(
      403,
    );
    await expectInvariantsHold(
      t.deps,
      events.map((e) => e.eventId),
    );
  });

  it('cancel refunds through the provider, voids tickets, frees seats and closes the booking', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const user = await createUser(t.deps);
    const order = await buy(user, ev.eventId, [ev.seatIds[0]!, ev.seatIds[1]!]);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/cancel`, headers: user.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json().order).toMatchObject({ status: 'cancelled', paid: { amount: 0 }, refunded: { amount: order.total.amount } });
    expect(res.json().order.tickets.every((x: { status: string }) => x.status === 'void')).toBe(true);
    const seats = await t.deps.db
      .selectFrom('event_seats')
      .select('status')
      .where('event_id', '=', ev.eventId)
      .where('status', '<>', 'available')
      .execute();
    expect(seats).toHaveLength(0);
    const ledger = await t.deps.db
      .selectFrom('sim_refunds')
      .select('sim_refunds.amount')
      .innerJoin('payments', 'payments.intent_id', 'sim_refunds.intent_id')
      .where('payments.order_id', '=', order.id)
      .execute();
    expect(ledger.map((r) => Number(r.amount))).toEqual([order.total.amount]);
    // Cancelling again changes nothing; the outbox refund is a no-op; the user may book again.
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/cancel`, headers: user.auth })).json().order.status).toBe(
      'cancelled',
    );
    await deliverOutbox(t.deps);
    expect(await t.deps.db.selectFrom('refunds').select('id').where('order_id', '=', order.id).execute()).toHaveLength(1);
    const mail = await readFile(path.join(t.deps.config.dataDir, 'mail', `order-cancelled-${order.id}.eml`), 'utf8');
    expect(mail).toContain('was cancelled');
    expect((await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).statusCode).toBe(201);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('refuses cancellation after the cut-off with 422', async () => {
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 2,
      startsAt: new Date(clock.now().getTime() + 72 * 3_600_000),
      cancellationCutoffHours: 48,
    });
    const user = await createUser(t.deps);
    const order = await buy(user, ev.eventId, [ev.seatIds[0]!]);
    clock.advance(25 * 3_600_000);
    const fresh = { authorization: `Bearer ${(await startSession(t.deps, user.id)).token}` };
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/cancel`, headers: fresh });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CANCELLATION_CLOSED');
    expect((await t.deps.db.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe(
      'confirmed',
    );
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('cancelling an event cancels and refunds every order through the worker, resuming after failures', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 5 });
    const buyers = await Promise.all(Array.from({ length: 4 }, () => createUser(t.deps)));
    const orders = [];
    for (const [i, u] of buyers.entries()) orders.push(await buy(u, ev.eventId, [ev.seatIds[i]!]));
    const holder = await createUser(t.deps);
    expect((await hold(t.app, holder, ev.eventId, { seatIds: [ev.seatIds[9]] })).statusCode).toBe(201);

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/events/${ev.eventId}`, headers: ev.organizer.auth });
    expect(removed.statusCode).toBe(422);
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/events/${ev.eventId}/cancel`,
      headers: ev.organizer.auth,
      payload: { reason: 'The band is ill' },
    });
    expect(cancelled.statusCode).toBe(200);

    // The provider is down for the first two refund attempts: the work must resume, not be lost.
    const realRefund = t.deps.payments.refund.bind(t.deps.payments);
    let failures = 2;
    t.deps.payments.refund = async (input) => {
      if (failures-- > 0) throw new Error('provider unavailable');
      return realRefund(input);
    };
    try {
      await deliverOutbox(t.deps);
      clock.advance(60_000);
      await deliverOutbox(t.deps);
    } finally {
      t.deps.payments.refund = realRefund;
    }
    const rows = await t.deps.db.selectFrom('orders').select(['id', 'status']).where('event_id', '=', ev.eventId).execute();
    expect(rows.every((r) => r.status === 'cancelled')).toBe(true);
    const refunds = await t.deps.db
      .selectFrom('refunds')
      .select(['order_id', 'amount'])
      .where(
        'order_id',
        'in',
        orders.map((o) => o.id),
      )
      .execute();
    expect(refunds).toHaveLength(4);
    expect(
      await t.deps.db
        .selectFrom('event_seats')
        .select('seat_id')
        .where('event_id', '=', ev.eventId)
        .where('status', '<>', 'available')
        .execute(),
    ).toHaveLength(0);
    expect(
      await t.deps.db.selectFrom('tickets').select('id').where('event_id', '=', ev.eventId).where('status', '=', 'valid').execute(),
    ).toHaveLength(0);
    expect((await t.deps.db.selectFrom('holds').select('status').where('user_id', '=', holder.id).executeTakeFirstOrThrow()).status).toBe(
      'released',
    );
    const pending = await t.deps.db
      .selectFrom('outbox')
      .select('topic')
      .where('delivered_at', 'is', null)
      .where('topic', 'in', ['event.removed', 'payment.refund', 'order.cancelled'])
      .where('aggregate_id', 'in', [ev.eventId, ...orders.map((o) => o.id)])
      .execute();
    expect(pending).toEqual([]);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });
});
