import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/context.js';
import { checkoutHold } from '../../../src/domain/orders/checkout-hold.js';
import { attemptKeyOf, captureKey } from '../../../src/domain/payments/payment-attempt.rules.js';
import { reconcilePayments } from '../../../src/domain/payments/reconcile-payments.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { checkout, expectInvariantsHold, hold } from '../../support/booking-helpers.js';
import { startStripeDouble, stripeConfigOf, type StripeDouble } from '../../support/stripe-double.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

/**
 * The Stripe provider on the official SDK against a local double of Stripe's
 * API: both ways in (a PaymentMethod confirmed by our server, and the Payment
 * Element's intent confirmed by the browser), declines, 3-D Secure and delayed
 * payments settled by webhook, webhooks twice or before the API's answer.
 */
describe('Stripe checkout', () => {
  let double: StripeDouble;
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    double = await startStripeDouble();
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, config: stripeConfigOf(double) });
  });
  afterAll(async () => {
    await t?.close();
    await double?.close();
  });

  async function scene(): Promise<{ ev: PublishedEvent; user: TestUser; holdId: string }> {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4, price: { amount: 4_200, currency: 'EUR' } });
    const user = await createUser(t.deps);
    const res = await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] });
    expect(res.statusCode).toBe(201);
    return { ev, user, holdId: (res.json().hold as { id: string }).id };
  }
  const startHosted = (user: TestUser, holdId: string, key: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/holds/${holdId}/payment-intent`, headers: { ...user.auth, 'idempotency-key': key } });
  const sendWebhook = (type: string, intentId: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/stripe/webhook',
      ...double.webhook(type, intentId, { timestamp: Math.floor(clock.now().getTime() / 1000) }),
    });
  const orderOfHold = (holdId: string) =>
    t.deps.db.selectFrom('orders').selectAll().where('hold_id', '=', holdId).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const ticketsOf = async (orderId: string) =>
    (await t.deps.db.selectFrom('tickets').select('id').where('order_id', '=', orderId).execute()).length;
  const seat = (ev: PublishedEvent) =>
    t.deps.db
      .selectFrom('event_seats')
      .select(['status', 'order_id', 'hold_id'])
      .where('event_id', '=', ev.eventId)
      .where('seat_id', '=', ev.seatIds[0]!)
      .executeTakeFirstOrThrow();

  it('selects Stripe from the config and tells the web app its publishable key', async () => {
    expect(t.deps.payments.name).toBe('stripe');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/payments/config' });
    expect(res.json()).toEqual({ provider: 'stripe', publishableKey: double.publishableKey });
    // Only now may the page load Stripe.js, frame its card fields and reach its API.
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' https:\/\/js\.stripe\.com/);
    expect(csp).toMatch(/frame-src https:\/\/js\.stripe\.com/);
    expect(csp).toMatch(/connect-src 'self' https:\/\/api\.stripe\.com/);
  });

  it('server-confirmed PaymentMethod: authorised with the attempt key and metadata, captured, order confirmed', async () => {
    const { ev, user, holdId } = await scene();
    const res = await checkout(t.app, user, holdId, 'pm-visa', 'pm_card_visa');
    expect(res.statusCode).toBe(201);
    expect(res.json().order.status).toBe('confirmed');
    const order = await orderOfHold(holdId);
    const key = attemptKeyOf(order.id);
    const pi = double.intentByKey(key)!;
    expect(pi).toMatchObject({ status: 'succeeded', amount: 4_200, currency: 'eur', capture_method: 'manual' });
    expect(pi.metadata).toEqual({ paymentKey: key, orderId: order.id, eventId: ev.eventId });
    const create = double.requests.find(
      (r) => r.path === '/v1/payment_intents' && r.form.metadata && (r.form.metadata as Record<string, string>).paymentKey === key,
    );
    expect(create?.idempotencyKey).toBe(key);
    expect(double.requests.find((r) => r.path === `/v1/payment_intents/${pi.id}/capture`)?.idempotencyKey).toBe(captureKey(key));
    expect((await seat(ev)).status).toBe('sold');
    expect(await ticketsOf(order.id)).toBe(1);
    // A replayed key answers the same order and never reaches Stripe's create again with another key.
    const replay = await checkout(t.app, user, holdId, 'pm-visa', 'pm_card_visa');
    expect(replay.json().order.id).toBe(order.id);
    expect(
      double.requests.filter((r) => r.path === '/v1/payment_intents' && r.method === 'POST' && r.idempotencyKey === key).length,
    ).toBeLessThanOrEqual(2);
    await expectInvariantsHold(t.deps);
  });

  it('server-confirmed decline: 402 with the reason, order failed, seats still held, a new key pays', async () => {
    const { ev, user, holdId } = await scene();
    const res = await checkout(t.app, user, holdId, 'pm-declined', 'pm_card_chargeDeclinedInsufficientFunds');
    expect(res.statusCode).toBe(402);
    expect(res.json().error).toMatchObject({ code: 'PAYMENT_DECLINED', details: { declineCode: 'insufficient_funds' } });
    expect((await orderOfHold(holdId)).status).toBe('failed');
    expect((await seat(ev)).status).toBe('held');
    const again = await checkout(t.app, user, holdId, 'pm-declined-2', 'pm_card_visa');
    expect(again.statusCode).toBe(201);
    expect(again.json().order.status).toBe('confirmed');
  });

  it('Payment Element: the intent is made for the committed attempt, the browser confirms, the webhook confirms the order', async () => {
    const { ev, user, holdId } = await scene();
    const started = await startHosted(user, holdId, 'pe-visa');
    expect(started.statusCode).toBe(201);
    const body = started.json() as { order: { id: string; status: string }; clientSecret: string };
    expect(body.order.status).toBe('pending_payment');
    const attempt = await t.deps.db.selectFrom('payments').selectAll().where('order_id', '=', body.order.id).executeTakeFirstOrThrow();
    const pi = double.intentByKey(attempt.idempotency_key)!;
    expect(body.clientSecret).toBe(pi.client_secret);
    expect(started.headers['cache-control']).toBe('private, no-store');
    expect(attempt).toMatchObject({ status: 'created', intent_id: pi.id });
    expect(pi).toMatchObject({ capture_method: 'automatic', amount: 4_200 });
    // Replaying the key (a lost reply) answers the same intent.
    const replay = await startHosted(user, holdId, 'pe-visa');
    expect(replay.json().clientSecret).toBe(pi.client_secret);

    double.confirmAsBrowser(pi.id, 'pm_card_visa');
    expect((await orderOfHold(holdId)).status).toBe('pending_payment');
    expect((await sendWebhook('payment_intent.succeeded', pi.id)).statusCode).toBe(200);
    const order = await orderOfHold(holdId);
    expect(order.status).toBe('confirmed');
    expect((await seat(ev)).status).toBe('sold');
    expect(await ticketsOf(order.id)).toBe(1);
    // The same notice again (Stripe delivers at least once): nothing more happens.
    expect((await sendWebhook('payment_intent.succeeded', pi.id)).statusCode).toBe(200);
    expect(await ticketsOf(order.id)).toBe(1);
    const after = await startHosted(user, holdId, 'pe-visa');
    expect(after.json()).toMatchObject({ order: { status: 'confirmed' }, clientSecret: null });
    await expectInvariantsHold(t.deps);
  });

  it('Payment Element decline: the webhook fails the order; a new try (even before that webhook) gets a new intent and pays', async () => {
    const { ev, user, holdId } = await scene();
    const first = (await startHosted(user, holdId, 'pe-decline-1')).json() as { order: { id: string } };
    const firstPi = double.intentByKey(attemptKeyOf(first.order.id))!;
    double.confirmAsBrowser(firstPi.id, 'pm_card_chargeDeclined');
    // No webhook yet: the page retries with a new key; the earlier try is settled first, not left in the way.
    const second = await startHosted(user, holdId, 'pe-decline-2');
    expect(second.statusCode).toBe(201);
    const failed = await t.deps.db.selectFrom('orders').selectAll().where('id', '=', first.order.id).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'declined:generic_decline' });
    // The late webhook about the first try changes nothing.
    expect((await sendWebhook('payment_intent.payment_failed', firstPi.id)).statusCode).toBe(200);
    const secondPi = double.intentByKey(attemptKeyOf(second.json().order.id as string))!;
    expect(secondPi.id).not.toBe(firstPi.id);
    double.confirmAsBrowser(secondPi.id, 'pm_card_visa');
    await sendWebhook('payment_intent.succeeded', secondPi.id);
    const paid = await t.deps.db
      .selectFrom('orders')
      .select('status')
      .where('id', '=', second.json().order.id as string)
      .executeTakeFirstOrThrow();
    expect(paid.status).toBe('confirmed');
    expect((await seat(ev)).status).toBe('sold');
  });

  it('a try abandoned in 3-D Secure is cancelled at Stripe when a new one starts, so it can never charge later', async () => {
    const { user, holdId } = await scene();
    const first = (await startHosted(user, holdId, 'pe-abandon-1')).json() as { order: { id: string } };
    const firstPi = double.intentByKey(attemptKeyOf(first.order.id))!;
    double.confirmAsBrowser(firstPi.id, 'pm_card_threeDSecure2Required');
    const second = await startHosted(user, holdId, 'pe-abandon-2');
    expect(second.statusCode).toBe(201);
    expect(double.intent(firstPi.id).status).toBe('canceled');
    expect(
      await t.deps.db.selectFrom('orders').select('failure_reason').where('id', '=', first.order.id).executeTakeFirstOrThrow(),
    ).toEqual({
      failure_reason: 'payment_voided',
    });
    expect(() => double.completeAction(firstPi.id)).toThrow(/not requires_action/);
  });

  it('delayed success: requires_action, then processing (hold kept alive), then succeeded by webhook', async () => {
    const { ev, user, holdId } = await scene();
    const started = (await startHosted(user, holdId, 'pe-3ds')).json() as { order: { id: string } };
    const pi = double.intentByKey(attemptKeyOf(started.order.id))!;
    double.confirmAsBrowser(pi.id, 'pm_card_threeDSecure2Required');
    await sendWebhook('payment_intent.requires_action', pi.id);
    expect((await orderOfHold(holdId)).status).toBe('pending_payment');
    double.completeAction(pi.id, 'processing');
    const before = await t.deps.db.selectFrom('holds').select('expires_at').where('id', '=', holdId).executeTakeFirstOrThrow();
    // Near the hold's own end, Stripe says the payment is processing: the hold must outlive it.
    clock.advance(before.expires_at.getTime() - clock.now().getTime() - 30_000);
    await sendWebhook('payment_intent.processing', pi.id);
    const attempt = await t.deps.db
      .selectFrom('payments')
      .select('status')
      .where('order_id', '=', started.order.id)
      .executeTakeFirstOrThrow();
    expect(attempt.status).toBe('processing');
    const extended = await t.deps.db.selectFrom('holds').select('expires_at').where('id', '=', holdId).executeTakeFirstOrThrow();
    expect(extended.expires_at.getTime()).toBeGreaterThan(before.expires_at.getTime());
    double.settle(pi.id);
    await sendWebhook('payment_intent.succeeded', pi.id);
    expect((await orderOfHold(holdId)).status).toBe('confirmed');
    expect((await seat(ev)).status).toBe('sold');
  });

  it('the webhook arrives before the API answers the capture: one confirmation, one set of tickets', async () => {
    const { ev, user, holdId } = await scene();
    const real = t.deps.payments;
    const deps: Deps = {
      ...t.deps,
      payments: {
        ...real,
        name: real.name,
        signatureHeader: real.signatureHeader,
        capture: async (intentId, key) => {
          const captured = await real.capture(intentId, key);
          // Stripe's notice overtakes the API's reply.
          expect((await sendWebhook('payment_intent.succeeded', intentId)).statusCode).toBe(200);
          return captured;
        },
      },
    };
    const order = await checkoutHold(deps, { holdId, userId: user.id, idempotencyKey: 'early-webhook', paymentToken: 'pm_card_visa' });
    expect(order.status).toBe('confirmed');
    expect(await ticketsOf(order.id)).toBe(1);
    expect((await seat(ev)).order_id).toBe(order.id);
    const events = await t.deps.db
      .selectFrom('payment_events')
      .select(['outcome'])
      .where('intent_id', '=', double.intentByKey(attemptKeyOf(order.id))!.id)
      .execute();
    expect(events).toEqual([{ outcome: 'applied' }]);
    await expectInvariantsHold(t.deps);
  });

  it('races: 40 parallel starts with one key make one order and one intent; 100 webhooks and 3 reconciliations confirm once', async () => {
    const { ev, user, holdId } = await scene();
    const starts = await Promise.all(Array.from({ length: 40 }, () => startHosted(user, holdId, 'race-key')));
    expect(new Set(starts.map((r) => r.statusCode))).toEqual(new Set([201]));
    expect(new Set(starts.map((r) => r.json().order.id as string)).size).toBe(1);
    const orderId = starts[0]!.json().order.id as string;
    expect(new Set(starts.map((r) => r.json().clientSecret as string)).size).toBe(1);
    expect((await t.deps.db.selectFrom('orders').select('id').where('hold_id', '=', holdId).execute()).length).toBe(1);
    const pi = double.intentByKey(attemptKeyOf(orderId))!;
    double.confirmAsBrowser(pi.id, 'pm_card_visa');
    // Stripe retries one event (same id) and sends others about the same intent; workers reconcile meanwhile.
    const retried = double.webhook('payment_intent.succeeded', pi.id, { timestamp: Math.floor(clock.now().getTime() / 1000) });
    const deliveries = [
      ...Array.from({ length: 50 }, () => t.app.inject({ method: 'POST', url: '/api/v1/payments/stripe/webhook', ...retried })),
      ...Array.from({ length: 50 }, () => sendWebhook('payment_intent.succeeded', pi.id)),
      ...Array.from({ length: 3 }, () => reconcilePayments(t.deps, { eventIds: [ev.eventId], graceMs: 0 })),
    ];
    const results = await Promise.all(deliveries);
    for (const r of results.slice(0, 100)) expect((r as { statusCode: number }).statusCode).toBe(200);
    expect((await orderOfHold(holdId)).status).toBe('confirmed');
    expect(await ticketsOf(orderId)).toBe(1);
    expect(double.refundsOf(pi.id)).toEqual([]);
    expect((await seat(ev)).order_id).toBe(orderId);
    const stored = await t.deps.db.selectFrom('payment_events').select('id').where('intent_id', '=', pi.id).execute();
    expect(stored.length).toBe(51);
    await expectInvariantsHold(t.deps);
  });

  it('the hosted route wants a signed-in owner and an Idempotency-Key, and writes nothing otherwise', async () => {
    const { user, holdId } = await scene();
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/holds/${holdId}/payment-intent`,
      headers: { 'idempotency-key': 'k' },
    });
    expect(anonymous.statusCode).toBe(401);
    const noKey = await t.app.inject({ method: 'POST', url: `/api/v1/holds/${holdId}/payment-intent`, headers: user.auth });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const stranger = await createUser(t.deps);
    expect((await startHosted(stranger, holdId, 'not-mine')).statusCode).toBe(404);
    expect(await t.deps.db.selectFrom('orders').select('id').where('hold_id', '=', holdId).execute()).toEqual([]);
  });

  it('the simulated provider has no hosted form: the route says so', async () => {
    const sim = await createTestApp();
    try {
      const ev = await createPublishedEvent(sim.deps, { seatedRows: 1, seatsPerRow: 2 });
      const user = await createUser(sim.deps);
      const h = (await hold(sim.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).json().hold as { id: string };
      const res = await sim.app.inject({
        method: 'POST',
        url: `/api/v1/holds/${h.id}/payment-intent`,
        headers: { ...user.auth, 'idempotency-key': 'x' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('INVALID_STATE');
      expect((await sim.app.inject({ method: 'GET', url: '/api/v1/payments/config' })).json()).toEqual({ provider: 'simulated' });
    } finally {
      await sim.close();
    }
  });
});
