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
