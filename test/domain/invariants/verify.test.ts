import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/context.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { verifyInvariants } from '../../../src/domain/invariants/verify-invariants.js';
import { checkoutHold } from '../../../src/domain/orders/checkout-hold.js';
import { attemptKeyOf, reconcileGraceMs } from '../../../src/domain/payments/payment-attempt.rules.js';
import { reconcilePayments } from '../../../src/domain/payments/reconcile-payments.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { checkout, hold } from '../../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { runCli } from '../../support/cli.js';

describe('invariant checker (npm run cli -- verify)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 5 });
  });
  afterAll(() => t.close());

  async function cli(eventId: string): Promise<{ code: number; out: string }> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-verify-'));
    try {
      const { code, stdout } = await runCli(['verify', '--event', eventId], { BOXOFFICE_DATA_DIR: dataDir });
      return { code, out: stdout };
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  it('passes on a healthy booking and reports each kind of breach', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 6, perUserLimit: 2 });
    const [a, b] = [await createUser(t.deps), await createUser(t.deps)];
    const h = (await hold(t.app, a, ev.eventId, { seatIds: [ev.seatIds[0], ev.seatIds[1]] })).json().hold;
    const order = (await checkout(t.app, a, h.id, 'verify-1')).json().order;
    const h2 = (await hold(t.app, b, ev.eventId, { seatIds: [ev.seatIds[2]] })).json().hold;
    const scope = { eventIds: [ev.eventId] };
    expect((await verifyInvariants(t.deps.db, t.deps.clock.now(), scope)).ok).toBe(true);
    expect(await cli(ev.eventId)).toMatchObject({ code: 0 });

    // Corrupt the books the ways a bug could: a seat sold with no ticket and no order,
    // a second live hold on a held seat (over the limit), a ticket voided under a sold seat.
    const db = t.deps.db;
    await db
      .updateTable('event_seats')
      .set({ status: 'sold', order_id: '00000000-0000-4000-8000-000000000001', hold_id: null, hold_expires_at: null })
      .where('event_id', '=', ev.eventId)
      .where('seat_id', '=', ev.seatIds[5]!)
      .execute();
    const rogue = await db
      .insertInto('holds')
      .values({
        event_id: ev.eventId,
        user_id: (await createUser(t.deps)).id,
        expires_at: new Date(Date.now() + 600_000),
        currency: 'EUR',
        total_amount: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('hold_seats')
      .values([2, 3, 4].map((i) => ({ hold_id: rogue.id, event_id: ev.eventId, seat_id: ev.seatIds[i]!, price_amount: 0 })))
      .execute();
    await db
      .updateTable('tickets')
      .set({ status: 'void' })
      .where('order_id', '=', order.id)
      .where('seat_id', '=', ev.seatIds[0]!)
      .execute();
    await db.updateTable('orders').set({ total_amount: 1 }).where('id', '=', order.id).execute();

    const report = await verifyInvariants(db, t.deps.clock.now(), scope);
    expect(report.ok).toBe(false);
    const checks = report.breaches.map((x) => `${x.invariant}: ${x.check}`);
    expect(checks).toEqual(
      expect.arrayContaining([
        '1: seat claimed by more than one live hold',
        '1: live hold whose seat is not held by it or sold to its order',
        '1: seat sold without a confirmed order',
        '2: booking over the event per-user limit',
        '3: order total differs from its locked seat prices less its access-code discount',
        '4: sold seats and valid tickets differ',
      ]),
    );
    const res = await cli(ev.eventId);
    expect(res.code).toBe(1);
    expect(res.out).toContain('seat sold without a confirmed order');
    expect(h2.id).toBeTypeOf('string');

    // Put the books right again: the next test verifies the same database.
    await db.deleteFrom('hold_seats').where('hold_id', '=', rogue.id).execute();
    await db.deleteFrom('holds').where('id', '=', rogue.id).execute();
    await db
      .updateTable('event_seats')
      .set({ status: 'available', order_id: null })
      .where('event_id', '=', ev.eventId)
      .where('seat_id', '=', ev.seatIds[5]!)
      .execute();
    await db.updateTable('tickets').set({ status: 'valid' }).where('order_id', '=', order.id).execute();
    await db.updateTable('orders').set({ total_amount: order.total.amount }).where('id', '=', order.id).execute();
    expect((await verifyInvariants(db, t.deps.clock.now(), scope)).ok).toBe(true);
  });

  it('finds an access code whose uses differ from its redemptions, and the discount in the order total', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const user = await createUser(t.deps);
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/events/${ev.eventId}/access-codes`,
      headers: ev.organizer.auth,
      payload: { code: 'VERIFY', maxUses: 3, discount: { kind: 'fixed', value: 100 } },
    });
    expect(created.statusCode).toBe(201);
    const h = (await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]], accessCode: 'VERIFY' })).json().hold;
    await checkout(t.app, user, h.id, 'verify-code');
    const scope = { eventIds: [ev.eventId] };
    expect((await verifyInvariants(t.deps.db, t.deps.clock.now(), scope)).ok).toBe(true);
    await t.deps.db.updateTable('access_codes').set({ uses: 2 }).where('event_id', '=', ev.eventId).execute();
    await t.deps.db.updateTable('holds').set({ discount_amount: 0 }).where('id', '=', h.id).execute();
    const checks = (await verifyInvariants(t.deps.db, t.deps.clock.now(), scope)).breaches.map((x) => `${x.invariant}: ${x.check}`);
    expect(checks).toEqual(
      expect.arrayContaining([
        '1: access code uses differ from its redemptions not given back',
        '3: order total differs from its locked seat prices less its access-code discount',
      ]),
    );
    await t.deps.db.updateTable('access_codes').set({ uses: 1 }).where('event_id', '=', ev.eventId).execute();
    await t.deps.db.updateTable('holds').set({ discount_amount: 100 }).where('id', '=', h.id).execute();
    expect((await verifyInvariants(t.deps.db, t.deps.clock.now(), scope)).ok).toBe(true);
  });

  it('finds money breaches: confirmed without payment, captured without confirmed order', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const user = await createUser(t.deps);
    const h = (await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).json().hold;
    const order = (await checkout(t.app, user, h.id, 'verify-2')).json().order;
    await t.deps.db.updateTable('orders').set({ status: 'failed' }).where('id', '=', order.id).execute();
    const report = await verifyInvariants(t.deps.db, t.deps.clock.now(), { eventIds: [ev.eventId] });
    expect(report.breaches.map((x) => x.check)).toEqual(
      expect.arrayContaining(['captured payment not refunded although its order is not confirmed', 'seat sold without a confirmed order']),
    );
    await t.deps.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', order.id).execute();
    await t.deps.db.updateTable('payments').set({ status: 'failed' }).where('order_id', '=', order.id).execute();
    const report2 = await verifyInvariants(t.deps.db, t.deps.clock.now(), { eventIds: [ev.eventId] });
    expect(report2.breaches.map((x) => x.check)).toContain('order confirmed without a captured payment covering it');
    await t.deps.db.updateTable('payments').set({ status: 'captured' }).where('order_id', '=', order.id).execute();
    expect((await verifyInvariants(t.deps.db, t.deps.clock.now(), { eventIds: [ev.eventId] })).ok).toBe(true);
  });

  it('checks money against the provider: an orphaned capture, a stuck order, an open authorisation; reconciliation clears them', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const [a, b] = [await createUser(t.deps), await createUser(t.deps)];
    // Both checkouts lose their provider call; the provider then acts on their keys anyway.
    const lost: Deps = {
      ...t.deps,
      payments: { ...t.deps.payments, name: t.deps.payments.name, authorize: () => Promise.reject(new Error('network')) },
    };
    const orderOf = async (u: TestUser, seat: number) => {
      const h = (await hold(t.app, u, ev.eventId, { seatIds: [ev.seatIds[seat]] })).json().hold;
      await expect(
        checkoutHold(lost, { holdId: h.id, userId: u.id, idempotencyKey: `money-${seat}`, paymentToken: 'tok_visa' }),
      ).rejects.toThrow();
      const order = await t.deps.db.selectFrom('orders').selectAll().where('hold_id', '=', h.id).executeTakeFirstOrThrow();
      const key = attemptKeyOf(order.id);
      const intent = await t.deps.payments.authorize({
        amount: Number(order.total_amount),
        currency: 'EUR',
        token: 'tok_visa',
        idempotencyKey: key,
        metadata: { paymentKey: key, orderId: order.id, eventId: ev.eventId },
      });
      return { order, intent };
    };
    const charged = await orderOf(a, 0);
    await t.deps.payments.capture(charged.intent.id, 'c');
    const stuck = await orderOf(b, 1);
    const longAgo = new Date(Date.now() - 20 * 60_000);
    await t.deps.db.updateTable('orders').set({ created_at: longAgo }).where('id', '=', stuck.order.id).execute();
    await t.deps.db.updateTable('payments').set({ updated_at: longAgo }).where('order_id', '=', stuck.order.id).execute();
    await t.deps.db.updateTable('sim_payment_intents').set({ created_at: longAgo }).where('id', '=', stuck.intent.id).execute();

    const res = await cli(ev.eventId);
    expect(res.code).toBe(1);
    for (const check of [
      'capture at the provider with no payment row',
      'order pending_payment for more than 15 minutes',
      'payment attempt open for more than 15 minutes',
      'authorisation left open at the provider for more than 15 minutes',
    ]) {
      expect(res.out).toContain(check);
    }
    expect(res.out).toContain(charged.intent.id);

    // The worker's next pass settles both from the provider's record: one confirmed, one voided.
    await reconcilePayments(
      { ...t.deps, clock: new ManualClock(new Date(Date.now() + reconcileGraceMs + 1_000)) },
      { eventIds: [ev.eventId] },
    );
    const after = await t.deps.db.selectFrom('orders').select(['id', 'status']).where('event_id', '=', ev.eventId).execute();
    expect(Object.fromEntries(after.map((o) => [o.id, o.status]))).toEqual({ [charged.order.id]: 'confirmed', [stuck.order.id]: 'failed' });
    expect((await t.deps.payments.retrieve(stuck.intent.id))!.status).toBe('canceled');
    expect(await cli(ev.eventId)).toMatchObject({ code: 0 });
  }, 180_000);
});
