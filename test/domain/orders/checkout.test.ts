import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpWebhookTarget, type SimulatedProvider } from '../../../src/adapters/payments/simulated-provider.js';
import { signatureHeaderName, signWebhook } from '../../../src/adapters/payments/webhook-signature.js';
import { paymentHoldWindowMs } from '../../../src/domain/payments/payment-attempt.rules.js';
import { deriveKey } from '../../../src/security/keys.js';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUser } from '../../factories/users.js';
import { checkout, expectInvariantsHold, hold, listen, postJson } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

describe('checkout', () => {
  let t: TestApp;
  let clock: ManualClock;
  let base: string;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 20 });
    base = await listen(t.app);
  });
  afterAll(() => t.close());

  const paymentsOf = (orderId: string) => t.deps.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).execute();

  it('confirms in one go: seats sold, one ticket per seat, outbox row, confirmation mail', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 6, price: { amount: 3100, currency: 'EUR' } });
    const user = await createUser(t.deps);
    const h = (await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0], ev.seatIds[1]] })).json().hold;
    const res = await checkout(t.app, user, h.id, 'key-ok-1');
    expect(res.statusCode).toBe(201);
    const order = res.json().order;
    expect(order).toMatchObject({ status: 'confirmed', total: { amount: 6200, currency: 'EUR' }, paid: { amount: 6200, currency: 'EUR' } });
    expect(order.tickets).toHaveLength(2);
    expect(new Set(order.tickets.map((x: { serial: string }) => x.serial)).size).toBe(2);
    const sold = await t.deps.db
      .selectFrom('event_seats')
      .select(['status', 'order_id'])
      .where('event_id', '=', ev.eventId)
      .where('status', '=', 'sold')
      .execute();
    expect(sold).toHaveLength(2);
    expect(sold.every((s) => s.order_id === order.id)).toBe(true);
    const outbox = await t.deps.db.selectFrom('outbox').select('topic').where('aggregate_id', '=', order.id).execute();
    expect(outbox.map((o) => o.topic)).toEqual(['order.confirmed']);
    const payments = await paymentsOf(order.id);
    expect(payments.map((p) => [p.status, Number(p.amount)])).toEqual([['captured', 6200]]);
    expect((await t.deps.db.selectFrom('holds').select('status').where('id', '=', h.id).executeTakeFirstOrThrow()).status).toBe(
      'purchased',
    );

    await deliverOutbox(t.deps);
    const eml = await readFile(path.join(t.deps.config.dataDir, 'mail', `order-confirmed-${order.id}.eml`), 'utf8');
    expect(eml).toContain(`To: ${user.email}`);
    expect(eml).toContain(order.tickets[0].serial);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('20 parallel replays of one key: one order, one charge, every reply that order', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 6 });
    const user = await createUser(t.deps);
    const h = (await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[2], ev.seatIds[3], ev.seatIds[4]] })).json().hold;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        postJson(
          base,
          `/holds/${h.id}/checkout`,
          user,
          { payment: { method: 'card', token: 'tok_visa' } },
          { 'idempotency-key': 'replay-key-1' },
        ),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = new Set(replies.map((r) => r.body.order.id));
    expect(ids.size).toBe(1);
    expect(replies.every((r) => r.body.order.status === 'confirmed')).toBe(true);
    const orderId = [...ids][0] as string;
    expect(await t.deps.db.selectFrom('orders').select('id').where('hold_id', '=', h.id).execute()).toHaveLength(1);
    expect(await paymentsOf(orderId)).toHaveLength(1);
    const intents = await t.deps.db
      .selectFrom('sim_payment_intents')
      .select(['status'])
      .where('idempotency_key', '=', `order-${orderId}-authorize`)
      .execute();
    expect(intents).toEqual([{ status: 'captured' }]);
    expect(await t.deps.db.selectFrom('tickets').select('id').where('order_id', '=', orderId).execute()).toHaveLength(3);
    // A later replay still answers the same order.
    const again = await checkout(t.app, user, h.id, 'replay-key-1');
    expect(again.json().order.id).toBe(orderId);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('a decline answers 402 and keeps the hold; a new key then succeeds', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const user = await createUser(t.deps);
    const h = (await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).json().hold;
    for (const [key, token, code] of [
      ['d-1', 'tok_chargeDeclined', 'card_declined'],
      ['d-2', 'tok_insufficientFunds', 'insufficient_funds'],
    ] as const) {
      const res = await checkout(t.app, user, h.id, key, token);
      expect(res.statusCode).toBe(402);
      expect(res.json().error).toMatchObject({ code: 'PAYMENT_DECLINED', details: { declineCode: code } });
    }
    // The replayed decline answers the same, and charges nothing more.
    expect((await checkout(t.app, user, h.id, 'd-1', 'tok_visa')).statusCode).toBe(402);
    expect((await t.deps.db.selectFrom('holds').select('status').where('id', '=', h.id).executeTakeFirstOrThrow()).status).toBe('active');
    expect(
      (
        await t.deps.db
          .selectFrom('event_seats')
          .select('status')
          .where('event_id', '=', ev.eventId)
          .where('seat_id', '=', ev.seatIds[0]!)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('held');
    const ok = await checkout(t.app, user, h.id, 'd-3', 'tok_visa');
    expect(ok.statusCode).toBe(201);
    expect(ok.json().order.status).toBe('confirmed');
    const orders = await t.deps.db.selectFrom('orders').select('status').where('hold_id', '=', h.id).orderBy('created_at').execute();
    expect(orders.map((o) => o.status).sort()).toEqual(['confirmed', 'failed', 'failed']);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('a delayed payment is pending, then confirmed by the signed webhook over real HTTP', async () => {
    // As in `serve`: the provider posts to the public webhook path on a real socket.
    (t.deps.payments as SimulatedProvider).setWebhookTarget(httpWebhookTarget(`${base}/api/v1/payments/webhook`));
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const user = await createUser(t.deps);
    const h = (await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).json().hold;
    const res = await checkout(t.app, user, h.id, 'delayed-1', 'tok_visa_delayed');
    expect(res.statusCode).toBe(201);
    const order = res.json().order;
    expect(order.status).toBe('pending_payment');
    expect(order.tickets).toHaveLength(0);

    clock.advance(6_000);
    await t.deps.payments.tick!();
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}`, headers: user.auth });
    expect(got.json().order).toMatchObject({ status: 'confirmed', paid: { amount: order.total.amount } });
    expect(got.json().order.tickets).toHaveLength(1);
    // The provider retries a webhook: harmless.
    await t.deps.db.updateTable('sim_webhooks').set({ delivered_at: null }).execute();
    await t.deps.payments.tick!();
    expect(await t.deps.db.selectFrom('tickets').select('id').where('order_id', '=', order.id).execute()).toHaveLength(1);
    const hooks = await t.deps.db
      .selectFrom('sim_webhooks')
      .select(['delivered_at', 'attempts'])
      .where('id', 'like', '%payment.captured')
      .execute();
    expect(hooks.length).toBeGreaterThan(0);
    expect(hooks.every((h) => h.delivered_at !== null)).toBe(true);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('a capture that arrives after the hold was lost is refunded', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4, holdSeconds: 60 });
    const [user, rival] = [await createUser(t.deps), await createUser(t.deps)];
    const h = (await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).json().hold;
    const order = (await checkout(t.app, user, h.id, 'late-1', 'tok_visa_delayed')).json().order;
    // The payment in flight keeps the hold past its 60 s…
    clock.advance(61_000);
    expect((await hold(t.app, rival, ev.eventId, { seatIds: [ev.seatIds[0]] })).statusCode).toBe(409);
    // …but only for a bounded while.
    clock.advance(paymentHoldWindowMs);
    expect((await hold(t.app, rival, ev.eventId, { seatIds: [ev.seatIds[0]] })).statusCode).toBe(201);
    await t.deps.payments.tick!();
    const after = (await t.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}`, headers: user.auth })).json().order;
    expect(after).toMatchObject({ status: 'failed', paid: { amount: 0 }, refunded: { amount: order.total.amount } });
    await deliverOutbox(t.deps);
    expect(await t.deps.db.selectFrom('refunds').select('id').where('order_id', '=', order.id).execute()).toHaveLength(1);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('requires an Idempotency-Key, refuses a key reused for another hold, and refuses forged webhooks', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const [a, b] = [await createUser(t.deps), await createUser(t.deps)];
    const h = (await hold(t.app, a, ev.eventId, { seatIds: [ev.seatIds[0]] })).json().hold;
    const noKey = await checkout(t.app, a, h.id, null);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await checkout(t.app, b, h.id, 'k')).statusCode).toBe(404);
    expect((await checkout(t.app, a, h.id, 'reuse-1')).statusCode).toBe(201);
    const ev2 = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    const h2 = (await hold(t.app, a, ev2.eventId, { seatIds: [ev2.seatIds[0]] })).json().hold;
    const reused = await checkout(t.app, a, h2.id, 'reuse-1');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const body = JSON.stringify({ id: 'evt_x', type: 'payment.captured', data: { intentId: 'pi_nope' } });
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhook',
      headers: { 'content-type': 'application/json', [signatureHeaderName]: signWebhook(Buffer.alloc(32), body, clock.now()) },
      payload: body,
    });
    expect(forged.statusCode).toBe(400);
    const key = deriveKey(t.deps.config.secretKey, 'webhook');
    const stale = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhook',
      headers: {
        'content-type': 'application/json',
        [signatureHeaderName]: signWebhook(key, body, new Date(clock.now().getTime() - 600_000)),
      },
      payload: body,
    });
    expect(stale.statusCode).toBe(400);
    const good = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhook',
      headers: { 'content-type': 'application/json', [signatureHeaderName]: signWebhook(key, body, clock.now()) },
      payload: body,
    });
    expect(good.statusCode).toBe(200);
    await expectInvariantsHold(t.deps, [ev.eventId, ev2.eventId]);
  });
});
