import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireHolds } from '../../../src/domain/holds/expire-holds.js';
import { verifyMoney } from '../../../src/domain/invariants/verify-money.js';
import { cancelEventOrders } from '../../../src/domain/orders/cancel-event-orders.js';
import { attemptKeyOf, reconcileGraceMs, refundKey } from '../../../src/domain/payments/payment-attempt.rules.js';
import { reconcilePayments } from '../../../src/domain/payments/reconcile-payments.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { checkout, expectInvariantsHold, hold } from '../../support/booking-helpers.js';
import { startStripeDouble, stripeConfigOf, type StripeDouble } from '../../support/stripe-double.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

/**
 * Money that moved at Stripe while our side failed — the write after the
 * provider's answer, the webhook's write, the reply carrying the intent id —
 * is settled by reconciliation alone; refunds carry their keys; a payment
 * made after its hold expired is refunded and the seat is sold once.
 */
describe('Stripe reconciliation and refunds', () => {
  let double: StripeDouble;
  let t: TestApp;
  let clock: ManualClock;
  let n = 0;
  beforeAll(async () => {
    double = await startStripeDouble();
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, config: stripeConfigOf(double) });
  });
  afterAll(async () => {
    await t?.close();
    await double?.close();
  });

  /** A fresh event whose price no other test uses, so a trigger keyed on the amount touches only it. */
  async function scene(): Promise<{ ev: PublishedEvent; user: TestUser; holdId: string; price: number }> {
    const price = 71_000 + (process.pid % 1000) * 10 + n++;
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 2,
      price: { amount: price, currency: 'EUR' },
      holdSeconds: 300,
    });
    const user = await createUser(t.deps);
    const res = await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] });
    return { ev, user, holdId: (res.json().hold as { id: string }).id, price };
  }
  /** Fails, inside PostgreSQL, every write to a payment of this amount that `condition` matches. */
  async function failPaymentWrites(price: number, condition: string): Promise<() => Promise<void>> {
    const name = sql.raw(`fail_stripe_${price}`);
    await sql`create function ${name}() returns trigger language plpgsql as $$
      begin
        if new.amount = ${sql.lit(price)} and ${sql.raw(condition)} then raise exception 'injected fault after the provider call'; end if;
        return new;
      end $$`.execute(t.deps.db);
    await sql`create trigger ${name} before update on payments for each row execute function ${name}()`.execute(t.deps.db);
    return async () => {
      await sql`drop trigger ${name} on payments`.execute(t.deps.db);
      await sql`drop function ${name}()`.execute(t.deps.db);
    };
  }
  const startHosted = (user: TestUser, holdId: string, key: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/holds/${holdId}/payment-intent`, headers: { ...user.auth, 'idempotency-key': key } });
  const sendWebhook = (type: string, intentId: string, opts: { timestamp?: number; secret?: string; tamper?: boolean } = {}) => {
    const hook = double.webhook(type, intentId, {
      timestamp: opts.timestamp ?? Math.floor(clock.now().getTime() / 1000),
      secret: opts.secret,
    });
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/stripe/webhook',
      headers: hook.headers,
      payload: opts.tamper ? hook.payload.replace('"livemode":false', '"livemode":true') : hook.payload,
    });
  };
  const ordersOfHold = (holdId: string) => t.deps.db.selectFrom('orders').selectAll().where('hold_id', '=', holdId).execute();
  const seat = (ev: PublishedEvent) =>
    t.deps.db
      .selectFrom('event_seats')
      .select(['status', 'order_id'])
      .where('event_id', '=', ev.eventId)
      .where('seat_id', '=', ev.seatIds[0]!)
      .executeTakeFirstOrThrow();
  const reconcileWithinAMinute = (ev: PublishedEvent) => {
    clock.advance(reconcileGraceMs + 1_000);
    return reconcilePayments(t.deps, { eventIds: [ev.eventId] });
  };
  const moneyChecks = async (ev: PublishedEvent) =>
    (await verifyMoney(t.deps, clock.now(), { eventIds: [ev.eventId] })).map((b) => b.check);

  it('a database error right after the capture: reconciliation confirms the order from Stripe', async () => {
    const { ev, user, holdId, price } = await scene();
    const heal = await failPaymentWrites(price, "new.status = 'captured'");
    const res = await checkout(t.app, user, holdId, 'crash-capture', 'pm_card_visa');
    await heal();
    expect(res.statusCode).toBe(500);
    const [order] = await ordersOfHold(holdId);
    expect(order!.status).toBe('pending_payment');
    expect(double.intentByKey(attemptKeyOf(order!.id))!.status).toBe('succeeded');
    await reconcileWithinAMinute(ev);
    expect((await ordersOfHold(holdId))[0]!.status).toBe('confirmed');
    expect((await seat(ev)).status).toBe('sold');
    expect(await moneyChecks(ev)).toEqual([]);
  });

  it("the webhook's write fails: the notice is kept (2xx) and reconciliation confirms the order", async () => {
    const { ev, user, holdId, price } = await scene();
    const started = (await startHosted(user, holdId, 'crash-webhook')).json() as { order: { id: string } };
    const pi = double.intentByKey(attemptKeyOf(started.order.id))!;
    double.confirmAsBrowser(pi.id, 'pm_card_visa');
    const heal = await failPaymentWrites(price, "new.status = 'captured'");
    expect((await sendWebhook('payment_intent.succeeded', pi.id)).statusCode).toBe(200);
    await heal();
    expect((await ordersOfHold(holdId))[0]!.status).toBe('pending_payment');
    await reconcileWithinAMinute(ev);
    expect((await ordersOfHold(holdId))[0]!.status).toBe('confirmed');
    expect(await moneyChecks(ev)).toEqual([]);
  });

  it('a crash before the intent id was stored: found by its key, left to the customer while the hold lives, then cancelled', async () => {
    const { ev, user, holdId, price } = await scene();
    const heal = await failPaymentWrites(price, 'old.intent_id is null and new.intent_id is not null');
    const res = await startHosted(user, holdId, 'crash-intent');
    await heal();
    expect(res.statusCode).toBe(500);
    const [order] = await ordersOfHold(holdId);
    const pi = double.intentByKey(attemptKeyOf(order!.id))!;
    expect(pi.status).toBe('requires_payment_method');
    await reconcileWithinAMinute(ev);
    const attempt = await t.deps.db.selectFrom('payments').selectAll().where('order_id', '=', order!.id).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ status: 'created', intent_id: pi.id });
    expect(double.intent(pi.id).status).toBe('requires_payment_method');
    // The hold runs out with nobody paying: the intent is cancelled so it can never charge, the order fails.
    clock.advance(15 * 60_000);
    await expireHolds(t.deps, { eventIds: [ev.eventId] });
    await reconcilePayments(t.deps, { eventIds: [ev.eventId], graceMs: 0 });
    expect(double.intent(pi.id).status).toBe('canceled');
    expect((await ordersOfHold(holdId))[0]).toMatchObject({ status: 'failed', failure_reason: 'payment_voided' });
    expect(await moneyChecks(ev)).toEqual([]);
  });

  it('a payment that succeeds after its hold expired and the seat was sold again is refunded; the seat is sold once', async () => {
    const { ev, user, holdId } = await scene();
    const started = (await startHosted(user, holdId, 'late-pay')).json() as { order: { id: string } };
    const pi = double.intentByKey(attemptKeyOf(started.order.id))!;
    // The fan leaves the page open past the hold (and its payment extension); the sweeper frees the seat.
    clock.advance(20 * 60_000);
    await expireHolds(t.deps, { eventIds: [ev.eventId] });
    const rival = await createUser(t.deps);
    const rivalHold = await hold(t.app, rival, ev.eventId, { seatIds: [ev.seatIds[0]] });
    expect(rivalHold.statusCode).toBe(201);
    const rivalPaid = await checkout(t.app, rival, (rivalHold.json().hold as { id: string }).id, 'rival', 'pm_card_visa');
    expect(rivalPaid.json().order.status).toBe('confirmed');
    // Then the old page's payment goes through at Stripe, and its webhook is lost.
    double.confirmAsBrowser(pi.id, 'pm_card_visa');
    await reconcileWithinAMinute(ev);
    const [late] = await ordersOfHold(holdId);
    expect(late).toMatchObject({ status: 'failed', failure_reason: 'hold_expired' });
    const attempt = await t.deps.db.selectFrom('payments').selectAll().where('order_id', '=', late!.id).executeTakeFirstOrThrow();
    expect(double.refundsOf(pi.id)).toEqual([{ id: expect.any(String), amount: pi.amount }]);
    expect(double.requests.find((r) => r.path === '/v1/refunds' && r.form.payment_intent === pi.id)?.idempotencyKey).toBe(
      refundKey(attempt.id),
    );
    expect(await seat(ev)).toEqual({ status: 'sold', order_id: rivalPaid.json().order.id });
    expect(await moneyChecks(ev)).toEqual([]);
    await expectInvariantsHold(t.deps);
  });

  it('refunds: a cancelled order and a removed event are refunded at Stripe with their keys', async () => {
    const { ev, user, holdId, price } = await scene();
    const paid = await checkout(t.app, user, holdId, 'to-cancel', 'pm_card_visa');
    const orderId = paid.json().order.id as string;
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${orderId}/cancel`, headers: user.auth });
    expect(cancelled.statusCode).toBe(200);
    const pi = double.intentByKey(attemptKeyOf(orderId))!;
    expect(double.refundsOf(pi.id)).toEqual([{ id: expect.any(String), amount: price }]);
    expect((await seat(ev)).status).toBe('available');

    const other = await createUser(t.deps);
    const h2 = (await hold(t.app, other, ev.eventId, { seatIds: [ev.seatIds[1]] })).json().hold as { id: string };
    const order2 = (await checkout(t.app, other, h2.id, 'to-remove', 'pm_card_visa')).json().order.id as string;
    // A third fan is mid-way in the Payment Element when the event goes.
    const third = await createUser(t.deps);
    const h3 = await hold(t.app, third, ev.eventId, { seatIds: [ev.seatIds[0]] });
    const pending = (await startHosted(third, (h3.json().hold as { id: string }).id, 'mid-way')).json() as { order: { id: string } };
    await cancelEventOrders(t.deps, ev.eventId, 'event_removed');
    expect(double.refundsOf(double.intentByKey(attemptKeyOf(order2))!.id)).toEqual([{ id: expect.any(String), amount: price }]);
    // The open intent of the order that was still paying is cancelled by the next pass, never charged.
    await reconcileWithinAMinute(ev);
    expect(double.intentByKey(attemptKeyOf(pending.order.id))!.status).toBe('canceled');
    expect(await moneyChecks(ev)).toEqual([]);
  });

  it('webhook signatures: valid accepted; tampered, stale, foreign-secret or unsigned refused with 400 and not stored', async () => {
    const { user, holdId } = await scene();
    const started = (await startHosted(user, holdId, 'signatures')).json() as { order: { id: string } };
    const pi = double.intentByKey(attemptKeyOf(started.order.id))!;
    const stored = async () => (await t.deps.db.selectFrom('payment_events').select('id').where('intent_id', '=', pi.id).execute()).length;
    const now = Math.floor(clock.now().getTime() / 1000);
    for (const bad of [{ tamper: true }, { timestamp: now - 301 }, { secret: 'whsec_someoneelse' }]) {
      const res = await sendWebhook('payment_intent.processing', pi.id, bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const unsigned = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/stripe/webhook',
      headers: { 'content-type': 'application/json' },
      payload: double.webhook('payment_intent.processing', pi.id).payload,
    });
    expect(unsigned.statusCode).toBe(400);
    expect(await stored()).toBe(0);
    expect((await sendWebhook('payment_intent.processing', pi.id, { timestamp: now - 200 })).statusCode).toBe(200);
    expect(await stored()).toBe(1);
  });
});
