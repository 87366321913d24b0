import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import type {
  AuthorizeInput,
  IntentStatus,
  PaymentIntent,
  PaymentProvider,
  ProviderRefund,
  WebhookEvent,
  WebhookType,
} from './payment-provider.js';
import { WebhookSignatureError } from './payment-provider.js';
import { signWebhook, signatureHeaderName, verifyWebhookSignature } from './webhook-signature.js';

/** Where the provider posts its signed webhooks; resolves true when the receiver accepted one. */
export type WebhookTarget = (body: string, headers: Record<string, string>) => Promise<boolean>;

export interface SimulatedProviderOptions {
  db: Db;
  clock: Clock;
  webhookSecret: Buffer;
  /** Delay before a `tok_visa_delayed` payment settles. */
  settleDelayMs?: number;
  webhookTarget?: WebhookTarget;
}

/** Stripe-style test tokens. */
const tokenOutcome: Record<string, { status: IntentStatus; declineCode?: string }> = {
  tok_visa: { status: 'authorized' },
  tok_mastercard: { status: 'authorized' },
  tok_visa_delayed: { status: 'processing' },
  tok_chargeDeclined: { status: 'declined', declineCode: 'card_declined' },
  tok_insufficientFunds: { status: 'declined', declineCode: 'insufficient_funds' },
};

export interface SimulatedProvider extends PaymentProvider {
  setWebhookTarget(target: WebhookTarget): void;
}

/**
 * A payment provider that keeps its own ledger in the database (as a real PSP
 * would on its side) and talks back through signed webhooks on the same path a
 * real provider uses, so the confirmation path is exercised end to end.
 */
export function createSimulatedProvider(opts: SimulatedProviderOptions): SimulatedProvider {
  const { db, clock, webhookSecret } = opts;
  const settleDelayMs = opts.settleDelayMs ?? 5_000;
  let target = opts.webhookTarget;

  const toIntent = (r: {
    id: string;
    status: IntentStatus;
    amount: string;
    currency: string;
    decline_code: string | null;
  }): PaymentIntent => ({
    id: r.id,
    status: r.status,
    amount: Number(r.amount),
    currency: r.currency.trim(),
    declineCode: r.decline_code,
  });

  const retrieve = async (intentId: string): Promise<PaymentIntent | null> => {
    const row = await db.selectFrom('sim_payment_intents').selectAll().where('id', '=', intentId).executeTakeFirst();
    return row ? toIntent(row) : null;
  };

  const enqueueWebhook = async (type: WebhookType, intentId: string): Promise<void> => {
    const id = `evt_${intentId}_${type}`;
    const body = JSON.stringify({ id, type, created: Math.floor(clock.now().getTime() / 1000), data: { intentId } });
    await db
      .insertInto('sim_webhooks')
      .values({ id, body })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  };

  return {
    name: 'simulated',

    async authorize(input: AuthorizeInput) {
      const outcome = tokenOutcome[input.token] ?? { status: 'declined' as const, declineCode: 'invalid_token' };
      const now = clock.now();
      const inserted = await db
        .insertInto('sim_payment_intents')
        .values({
          id: `pi_${randomBytes(12).toString('hex')}`,
          idempotency_key: input.idempotencyKey,
          amount: input.amount,
          currency: input.currency,
          token: input.token,
          status: outcome.status,
          decline_code: outcome.declineCode ?? null,
          metadata: JSON.stringify(input.metadata),
          settles_at: outcome.status === 'processing' ? new Date(now.getTime() + settleDelayMs) : null,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      // A repeated key answers with the first call's intent, whatever this call asked.
      const row =
        inserted ??
        (await db
          .selectFrom('sim_payment_intents')
          .selectAll()
          .where('idempotency_key', '=', input.idempotencyKey)
          .executeTakeFirstOrThrow());
      return toIntent(row);
    },

    async capture(intentId) {
      await db
        .updateTable('sim_payment_intents')
        .set({ status: 'captured' })
        .where('id', '=', intentId)
        .where('status', '=', 'authorized')
        .execute();
      const intent = await retrieve(intentId);
      if (!intent) throw new Error(`Unknown payment intent ${intentId}`);
      return intent;
    },

    async refund({ intentId, amount, idempotencyKey }): Promise<ProviderRefund> {
      return db.transaction().execute(async (tx) => {
        const intent = await tx.selectFrom('sim_payment_intents').selectAll().where('id', '=', intentId).forUpdate().executeTakeFirst();
        if (!intent || intent.status !== 'captured') throw new Error(`Payment ${intentId} is not captured`);
        const existing = await tx.selectFrom('sim_refunds').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
        if (existing) return { id: existing.id, amount: Number(existing.amount) };
        const { refunded } = await tx
          .selectFrom('sim_refunds')
          .select(sql<string>`coalesce(sum(amount), 0)`.as('refunded'))
          .where('intent_id', '=', intentId)
          .executeTakeFirstOrThrow();
        if (Number(refunded) + amount > Number(intent.amount)) throw new Error(`Refund exceeds the captured amount of ${intentId}`);
        const id = `re_${randomBytes(12).toString('hex')}`;
        await tx.insertInto('sim_refunds').values({ id, intent_id: intentId, idempotency_key: idempotencyKey, amount }).execute();
        return { id, amount };
      });
    },

    retrieve,

    parseWebhook(rawBody, header): WebhookEvent {
      verifyWebhookSignature(webhookSecret, rawBody, header, clock.now());
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        throw new WebhookSignatureError('Body is not JSON');
      }
      const p = parsed as { id?: unknown; type?: unknown; data?: { intentId?: unknown } };
      if (
        typeof p.id !== 'string' ||
        (p.type !== 'payment.captured' && p.type !== 'payment.failed') ||
        typeof p.data?.intentId !== 'string'
      ) {
        throw new WebhookSignatureError('Unrecognised webhook body');
      }
      return { id: p.id, type: p.type, intentId: p.data.intentId };
    },

    async tick() {
      const settled = await db
        .updateTable('sim_payment_intents')
        .set({ status: 'captured' })
        .where('status', '=', 'processing')
        .where('settles_at', '<=', clock.now())
        .returning('id')
        .execute();
      for (const s of settled) await enqueueWebhook('payment.captured', s.id);
      if (!target) return;
      const pending = await db
        .selectFrom('sim_webhooks')
        .selectAll()
        .where('delivered_at', 'is', null)
        .orderBy('created_at')
        .limit(50)
        .execute();
      for (const hook of pending) {
        const body = JSON.stringify(hook.body);
        const headers = { 'content-type': 'application/json', [signatureHeaderName]: signWebhook(webhookSecret, body, clock.now()) };
        let ok = false;
        try {
          ok = await target(body, headers);
        } catch {
          ok = false;
        }
        await db
          .updateTable('sim_webhooks')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), ...(ok ? { delivered_at: clock.now() } : {}) }))
          .where('id', '=', hook.id)
          .execute();
      }
    },

    setWebhookTarget(t) {
      target = t;
    },
  };
}

/** Posts webhooks to a running Boxoffice over HTTP, as an external provider would. */
export function httpWebhookTarget(url: string): WebhookTarget {
  return async (body, headers) => {
    const res = await fetch(url, { method: 'POST', body, headers });
    return res.ok;
  };
}
