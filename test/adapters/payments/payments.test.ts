import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatedProvider, type SimulatedProvider } from '../../../src/adapters/payments/simulated-provider.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

const secret = Buffer.alloc(32, 7);

/** The provider contract every adapter (simulated now, Stripe later) must pass. */
describe('simulated payment provider', () => {
  let t: TestApp;
  let clock: ManualClock;
  let provider: SimulatedProvider;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 5 });
    provider = createSimulatedProvider({ db: t.deps.db, clock, webhookSecret: secret, settleDelayMs: 1_000 });
  });
  afterAll(() => t.close());

  const authorize = (token: string, key = randomUUID(), amount = 1234) =>
    provider.authorize({ amount, currency: 'EUR', token, idempotencyKey: key, metadata: { test: '1' } });

  it('answers Stripe-style test tokens', async () => {
    expect((await authorize('tok_visa')).status).toBe('authorized');
    expect(await authorize('tok_chargeDeclined')).toMatchObject({ status: 'declined', declineCode: 'card_declined' });
    expect(await authorize('tok_insufficientFunds')).toMatchObject({ status: 'declined', declineCode: 'insufficient_funds' });
    expect(await authorize('tok_unknown')).toMatchObject({ status: 'declined', declineCode: 'invalid_token' });
    expect((await authorize('tok_visa_delayed')).status).toBe('processing');
  });

  it('is idempotent per key: parallel authorizations make one intent, capture and refund once', async () => {
    const key = randomUUID();
    const intents = await Promise.all(Array.from({ length: 10 }, () => authorize('tok_visa', key, 5000)));
    expect(new Set(intents.map((i) => i.id)).size).toBe(1);
    const id = intents[0]!.id;
    expect((await provider.capture(id, 'c')).status).toBe('captured');
    expect((await provider.capture(id, 'c')).status).toBe('captured');
    const refunds = await Promise.all(
      Array.from({ length: 5 }, () => provider.refund({ intentId: id, amount: 5000, idempotencyKey: `r-${key}` })),
    );
    expect(new Set(refunds.map((r) => r.id)).size).toBe(1);
    await expect(provider.refund({ intentId: id, amount: 1, idempotencyKey: `r2-${key}` })).rejects.toThrow(/exceeds/);
    const ledger = await t.deps.db.selectFrom('sim_refunds').select('amount').where('intent_id', '=', id).execute();
    expect(ledger.map((r) => Number(r.amount))).toEqual([5000]);
  });

  it('answers "what happened to the attempt with this key", voids authorisations and lists captures', async () => {
    const key = randomUUID();
    expect(await provider.findByKey(key)).toBeNull();
    const tag = randomUUID();
    const voided = await provider.authorize({ amount: 700, currency: 'EUR', token: 'tok_visa', idempotencyKey: key, metadata: { tag } });
    expect(await provider.findByKey(key)).toMatchObject({ id: voided.id, status: 'authorized', amountRefunded: 0, metadata: { tag } });
    const open = await provider.listAuthorizations({ limit: 10_000 });
    expect(open.items.map((i) => i.id)).toContain(voided.id);
    expect((await provider.cancel(voided.id, 'v')).status).toBe('canceled');
    // A voided authorisation cannot be captured, and is no longer open.
    expect((await provider.capture(voided.id, 'c')).status).toBe('canceled');
    expect((await provider.listAuthorizations({ limit: 10_000 })).items.map((i) => i.id)).not.toContain(voided.id);

    const from = clock.now();
    const captured: string[] = [];
    for (let i = 0; i < 3; i++) {
      const intent = await authorize('tok_visa', randomUUID(), 100 + i);
      captured.push((await provider.capture(intent.id, 'c')).id);
      clock.advance(1);
    }
    // Cancelling a capture changes nothing.
    expect((await provider.cancel(captured[0]!, 'v')).status).toBe('captured');
    await provider.refund({ intentId: captured[1]!, amount: 40, idempotencyKey: randomUUID() });
    // Paged in capture order, within [from, to).
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await provider.listCaptures({ from, to: clock.now(), cursor, limit: 2 });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next;
    } while (cursor);
    expect(seen.filter((id) => captured.includes(id))).toEqual(captured);
    expect((await provider.retrieve(captured[1]!))!.amountRefunded).toBe(40);
    const before = await provider.listCaptures({ from: new Date(0), to: from, limit: 10_000 });
    expect(before.items.some((i) => captured.includes(i.id))).toBe(false);
  });

  it('is slow when asked: latency before the provider acts and before its answer arrives', async () => {
    const slow = createSimulatedProvider({ db: t.deps.db, clock, webhookSecret: secret, latencyMs: 1_200 });
    const key = randomUUID();
    const started = performance.now();
    let answered = false;
    const call = slow.authorize({ amount: 1, currency: 'EUR', token: 'tok_visa', idempotencyKey: key, metadata: {} }).then((i) => {
      answered = true;
      return i;
    });
    expect(await provider.findByKey(key)).toBeNull();
    while (!(await provider.findByKey(key))) await new Promise((r) => setTimeout(r, 20));
    // The provider acted; its answer is still on the way (a crash now leaves a charge we never heard of).
    expect(answered).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
    expect((await call).status).toBe('authorized');
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_190);
  });

  it('settles delayed payments on its clock and posts signed webhooks until accepted', async () => {
    const intent = await authorize('tok_visa_delayed');
    const received: { body: string; signature: string }[] = [];
    let accept = false;
    // The file's other tests share the ledger: their webhooks are left for their own app.
    provider.setWebhookTarget(async (body, headers) => {
      if (!body.includes(intent.id)) return false;
      received.push({ body, signature: headers['boxoffice-signature']! });
      return accept;
    });
    await provider.tick!();
    expect((await provider.retrieve(intent.id))!.status).toBe('processing');
    clock.advance(1_000);
    await provider.tick!();
    expect((await provider.retrieve(intent.id))!.status).toBe('captured');
    const mine = () => received.filter((r) => r.body.includes(intent.id));
    expect(mine()).toHaveLength(1);
    const event = provider.parseWebhook(mine()[0]!.body, mine()[0]!.signature);
    expect(event).toMatchObject({ type: 'payment.captured', intentId: intent.id });
    // Refused deliveries are retried on the next tick; accepted ones are not.
    accept = true;
    await provider.tick!();
    await provider.tick!();
    expect(mine()).toHaveLength(2);
  });
});
