import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentProvider } from '../../../src/adapters/payments/payment-provider.js';
import type { SimulatedProvider } from '../../../src/adapters/payments/simulated-provider.js';
import type { Deps } from '../../../src/context.js';
import { expireHolds } from '../../../src/domain/holds/expire-holds.js';
import { verifyMoney } from '../../../src/domain/invariants/verify-money.js';
import { checkoutHold } from '../../../src/domain/orders/checkout-hold.js';
import { attemptKeyOf, reconcileGraceMs } from '../../../src/domain/payments/payment-attempt.rules.js';
import { reconcilePayments } from '../../../src/domain/payments/reconcile-payments.js';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { checkout, expectInvariantsHold, hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

/**
 * Faults between the provider and our commit, made real: a PostgreSQL trigger
 * that fails the write right after the provider call, or a provider wrapper
 * (tests only) that lets the provider act and then "kills" the caller. After
 * each, reconciliation alone (no customer retry) must leave the books clean.
 */
describe('payment reconciliation', () => {
  let t: TestApp;
  let clock: ManualClock;
  let n = 0;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 10 });
  });
  afterAll(() => t.close());

  /** A fresh event whose price no other test uses, so a trigger keyed on the amount touches only it. */
  async function scene(opts: { holdSeconds?: number } = {}) {
    const price = 91_000 + process.pid * 10 + n++;
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4, price: { amount: price, currency: 'EUR' }, ...opts });
    const user = await createUser(t.deps);
    const h = (await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).json().hold as { id: string };
    return { ev, user, holdId: h.id, price };
  }

  /** Fails, inside PostgreSQL, every write that moves a payment of this amount to `status`. */
  async function failPaymentWrites(price: number, status: string): Promise<() => Promise<void>> {
    const name = sql.raw(`fail_payment_${price}_${status}`);
    await sql`create function ${name}() returns trigger language plpgsql as $$
      begin
        if new.amount = ${sql.lit(price)} and new.status = ${sql.lit(status)} then raise exception 'injected fault after the provider call'; end if;
        return new;
      end $$`.execute(t.deps.db);
    await sql`create trigger ${name} before update on payments for each row execute function ${name}()`.execute(t.deps.db);
    return async () => {
      await sql`drop trigger ${name} on payments`.execute(t.deps.db);
      await sql`drop function ${name}()`.execute(t.deps.db);
    };
  }

  /** The caller dies right after the provider acted on `call` (a test-only deps wrapper, as a kill -9 would). */
  function crashAfter(call: 'authorize' | 'capture'): Deps {
    const real = t.deps.payments;
    const payments: PaymentProvider = {
      ...real,
      name: real.name,
      authorize: async (input) => {
        const intent = await real.authorize(input);
        if (call === 'authorize') throw new Error('process killed after authorize');
        return intent;
      },
      capture: async (id, key) => {
        const intent = await real.capture(id, key);
        if (call === 'capture') throw new Error('process killed after capture');
        return intent;
      },
    };
    return { ...t.deps, payments };
  }

  const orderOf = (holdId: string) =>
    t.deps.db.selectFrom('orders').selectAll().where('hold_id', '=', holdId).orderBy('created_at').execute();
  const intentOf = (orderId: string) => t.deps.payments.findByKey(attemptKeyOf(orderId));
  const seatStatus = async (ev: PublishedEvent) =>
    (
      await t.deps.db
        .selectFrom('event_seats')
        .select(['status', 'order_id'])
        .where('event_id', '=', ev.eventId)
        .where('seat_id', '=', ev.seatIds[0]!)
        .executeTakeFirstOrThrow()
    ).status;
  const moneyChecks = async (ev: PublishedEvent) =>
    (await verifyMoney(t.deps, clock.now(), { eventIds: [ev.eventId] })).map((b) => b.check);
  /** What the worker does within a minute of a fault: one pass after the grace. */
  const reconcileWithinAMinute = async (ev: PublishedEvent) => {
    clock.advance(reconcileGraceMs + 1_000);
    return reconcilePayments(t.deps, { eventIds: [ev.eventId] });
  };

  it('a database error right after the capture: the order is confirmed by reconciliation, seats kept', async () => {
    const { ev, user, holdId, price } = await scene();
    const heal = await failPaymentWrites(price, 'captured');
    const res = await checkout(t.app, user, holdId, 'db-error-capture');
    await heal();
    expect(res.statusCode).toBe(500);
    const [order] = await orderOf(holdId);
    expect(order!.status).toBe('pending_payment');
    expect((await intentOf(order!.id))!.status).toBe('captured');
    // verify sees the money the books do not show.
    expect(await moneyChecks(ev)).toContain('capture at the provider that our books do not show as captured');

    const report = await reconcileWithinAMinute(ev);
    expect(report.attempts).toBe(1);
    const [after] = await orderOf(holdId);
    expect(after!.status).toBe('confirmed');
    expect(await seatStatus(ev)).toBe('sold');
    const tickets = await t.deps.db.selectFrom('tickets').select('id').where('order_id', '=', after!.id).execute();
    expect(tickets).toHaveLength(1);
    // The customer's retry of the same key answers the confirmed order, charging nothing more.
    const replay = await checkout(t.app, user, holdId, 'db-error-capture');
    expect(replay.statusCode).toBe(201);
    expect(replay.json().order).toMatchObject({ id: after!.id, status: 'confirmed', paid: { amount: price } });
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('a database error right after the authorisation: the authorisation is voided, the hold kept for a new try', async () => {
    const { ev, user, holdId, price } = await scene();
    const heal = await failPaymentWrites(price, 'authorized');
    expect((await checkout(t.app, user, holdId, 'db-error-auth')).statusCode).toBe(500);
    await heal();
    const [order] = await orderOf(holdId);
    const attempt = await t.deps.db.selectFrom('payments').selectAll().where('order_id', '=', order!.id).executeTakeFirstOrThrow();
    // Committed before the provider was called, and never told the intent id.
    expect(attempt).toMatchObject({ status: 'created', intent_id: null, amount: String(price) });
    expect((await intentOf(order!.id))!.status).toBe('authorized');

    await reconcileWithinAMinute(ev);
    expect((await intentOf(order!.id))!.status).toBe('canceled');
    const [failed] = await orderOf(holdId);
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'payment_voided' });
    expect(await t.deps.db.selectFrom('payments').select('status').where('id', '=', attempt.id).executeTakeFirstOrThrow()).toEqual({
      status: 'voided',
    });
    // The replayed key says what happened; a new key pays, the hold having been kept.
    const replay = await checkout(t.app, user, holdId, 'db-error-auth');
    expect(replay.statusCode).toBe(402);
    expect(replay.json().error.details).toEqual({ declineCode: 'payment_voided' });
    const retry = await checkout(t.app, user, holdId, 'db-error-auth-2');
    expect(retry.statusCode).toBe(201);
    expect(retry.json().order.status).toBe('confirmed');
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('a crash between charge and confirmation confirms within a minute, even past the hold’s own expiry', async () => {
    const { ev, user, holdId } = await scene({ holdSeconds: 30 });
    clock.advance(25_000);
    await expect(
      checkoutHold(crashAfter('capture'), { holdId, userId: user.id, idempotencyKey: 'crash-1', paymentToken: 'tok_visa' }),
    ).rejects.toThrow(/killed/);
    const [order] = await orderOf(holdId);
    expect((await intentOf(order!.id))!.status).toBe('captured');

    // Past the hold's 30 s: the payment in flight keeps it — a rival, lazy expiry and the sweeper all leave the seat.
    clock.advance(reconcileGraceMs + 1_000);
    const rival: TestUser = await createUser(t.deps);
    expect((await hold(t.app, rival, ev.eventId, { seatIds: [ev.seatIds[0]] })).statusCode).toBe(409);
    expect(await expireHolds(t.deps, { eventIds: [ev.eventId] })).toBe(0);

    await reconcilePayments(t.deps, { eventIds: [ev.eventId] });
    const [after] = await orderOf(holdId);
    expect(after!.status).toBe('confirmed');
    expect(await seatStatus(ev)).toBe('sold');
    expect(await t.deps.db.selectFrom('refunds').select('id').where('order_id', '=', after!.id).execute()).toHaveLength(0);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('a webhook about a charge we never recorded is stored, answered 2xx, and reconciled', async () => {
    const { ev, user, holdId, price } = await scene();
    // The checkout dies after the provider took a delayed payment: we never learn the intent id.
    await expect(
      checkoutHold(crashAfter('authorize'), { holdId, userId: user.id, idempotencyKey: 'hook-1', paymentToken: 'tok_visa_delayed' }),
    ).rejects.toThrow(/killed/);
    const [order] = await orderOf(holdId);
    const intent = (await intentOf(order!.id))!;
    // The provider settles and posts its webhook while our database refuses the write.
    const heal = await failPaymentWrites(price, 'captured');
    const replies: number[] = [];
    const provider = t.deps.payments as SimulatedProvider;
    provider.setWebhookTarget(async (payload, headers) => {
      if (!payload.includes(intent.id)) return false;
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/payments/webhook', payload, headers });
      replies.push(res.statusCode);
      return res.statusCode < 300;
    });
    clock.advance(6_000);
    await provider.tick!();
    await heal();
    expect(replies).toEqual([200]);
    const stored = await t.deps.db.selectFrom('payment_events').selectAll().where('intent_id', '=', intent.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ type: 'payment.captured', processed_at: null });
    expect((await orderOf(holdId))[0]!.status).toBe('pending_payment');

    const report = await reconcileWithinAMinute(ev);
    expect(report.events).toBe(1);
    expect((await orderOf(holdId))[0]!.status).toBe('confirmed');
    const applied = await t.deps.db.selectFrom('payment_events').selectAll().where('intent_id', '=', intent.id).executeTakeFirstOrThrow();
    expect(applied).toMatchObject({ outcome: 'applied' });
    expect(applied.processed_at).not.toBeNull();
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('a webhook for a charge that is not ours is kept, never dropped', async () => {
    const foreign = await t.deps.payments.authorize({
      amount: 100,
      currency: 'EUR',
      token: 'tok_visa',
      idempotencyKey: `foreign-${n++}`,
      metadata: {},
    });
    await t.deps.payments.capture(foreign.id, 'x');
    const body = JSON.stringify({ id: `evt_${foreign.id}_payment.captured`, type: 'payment.captured', data: { intentId: foreign.id } });
    const { signWebhook, signatureHeaderName } = await import('../../../src/adapters/payments/webhook-signature.js');
    const { deriveKey } = await import('../../../src/security/keys.js');
    const sig = signWebhook(deriveKey(t.deps.config.secretKey, 'webhook'), body, clock.now());
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhook',
      headers: { 'content-type': 'application/json', [signatureHeaderName]: sig },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    const row = await t.deps.db.selectFrom('payment_events').selectAll().where('intent_id', '=', foreign.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcome: 'unmatched', processed_at: null, attempts: 1 });
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(clock.now().getTime());
  });

  it('a call that lands after reconciliation gave up on it is refunded, and the fan is told', async () => {
    const { ev, user, holdId, price } = await scene();
    // The request never reaches the provider before reconciliation looks…
    const lost: Deps = {
      ...t.deps,
      payments: { ...t.deps.payments, name: t.deps.payments.name, authorize: () => Promise.reject(new Error('network down')) },
    };
    await expect(checkoutHold(lost, { holdId, userId: user.id, idempotencyKey: 'late-1', paymentToken: 'tok_visa' })).rejects.toThrow(
      /network/,
    );
    await reconcileWithinAMinute(ev);
    const [order] = await orderOf(holdId);
    expect(order).toMatchObject({ status: 'failed', failure_reason: 'payment_not_received' });
    // …then it lands after all, and is even captured.
    const key = attemptKeyOf(order!.id);
    const late = await t.deps.payments.authorize({
      amount: price,
      currency: 'EUR',
      token: 'tok_visa',
      idempotencyKey: key,
      metadata: { paymentKey: key, orderId: order!.id, eventId: ev.eventId },
    });
    await t.deps.payments.capture(late.id, 'late-capture');
    expect(await moneyChecks(ev)).toContain('capture at the provider with no payment row');

    const report = await reconcileWithinAMinute(ev);
    expect(report.captures).toBe(1);
    expect((await t.deps.payments.retrieve(late.id))!.amountRefunded).toBe(price);
    const outbox = await t.deps.db.selectFrom('outbox').select('topic').where('aggregate_id', '=', order!.id).execute();
    expect(outbox.map((o) => o.topic).sort()).toEqual(['order.refunded', 'payment.refund']);
    await deliverOutbox(t.deps);
    const mail = await readFile(path.join(t.deps.config.dataDir, 'mail', `order-refunded-${order!.id}.eml`), 'utf8');
    expect(mail).toContain(`To: ${user.email}`);
    expect(mail).toContain('Subject: Your payment was refunded');
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('an order charged by an older build with no payment row is found by its key and confirmed', async () => {
    const { ev, user, holdId, price } = await scene();
    const lost: Deps = {
      ...t.deps,
      payments: { ...t.deps.payments, name: t.deps.payments.name, authorize: () => Promise.reject(new Error('network down')) },
    };
    await expect(checkoutHold(lost, { holdId, userId: user.id, idempotencyKey: 'legacy-1', paymentToken: 'tok_visa' })).rejects.toThrow();
    const [order] = await orderOf(holdId);
    // As the old code left it: charged first, row never written.
    await t.deps.db.deleteFrom('payments').where('order_id', '=', order!.id).execute();
    const legacy = await t.deps.payments.authorize({
      amount: price,
      currency: 'EUR',
      token: 'tok_visa',
      idempotencyKey: attemptKeyOf(order!.id),
      metadata: { orderId: order!.id },
    });
    await t.deps.payments.capture(legacy.id, 'legacy-capture');
    await reconcileWithinAMinute(ev);
    expect((await orderOf(holdId))[0]!.status).toBe('confirmed');
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });
});
