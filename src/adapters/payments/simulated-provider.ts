import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/client.js';
import {
  enqueueSimWebhook,
  findSimIntent,
  findSimIntentByKey,
  insertSimIntent,
  listSimAuthorizations,
  listSimCaptures,
  moveSimIntent,
  pendingSimWebhooks,
  recordSimWebhookAttempt,
  refundSimIntent,
  settleDueSimIntents,
  type SimIntentRow,
  type SimIntentStatus,
} from '../../db/repositories/simulated-ledger.repository.js';
import type { Clock } from '../../domain/clock.js';
import type { IntentPage, PaymentIntent, PaymentProvider, WebhookEvent } from './payment-provider.js';
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
  /**
   * Network latency of each money-moving call: half before the provider acts,
   * half before the answer arrives, so a crash can land on either side.
   */
  latencyMs?: number;
  webhookTarget?: WebhookTarget;
}

/** Stripe-style test tokens. */
const tokenOutcome: Record<string, { status: SimIntentStatus; declineCode?: string }> = {
  tok_visa: { status: 'authorized' },
  tok_mastercard: { status: 'authorized' },
  tok_visa_delayed: { status: 'processing' },
  tok_chargeDeclined: { status: 'declined', declineCode: 'card_declined' },
  tok_insufficientFunds: { status: 'declined', declineCode: 'insufficient_funds' },
};

export interface SimulatedProvider extends PaymentProvider {
  setWebhookTarget(target: WebhookTarget): void;
}

const toIntent = (r: SimIntentRow): PaymentIntent => ({
  id: r.id,
  status: r.status,
  amount: Number(r.amount),
  currency: r.currency.trim(),
  declineCode: r.decline_code,
  amountRefunded: Number(r.amount_refunded),
  metadata: (r.metadata ?? {}) as Record<string, string>,
  createdAt: r.created_at,
  capturedAt: r.captured_at,
});

const encodeCursor = (at: Date, id: string): string => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
function decodeCursor(cursor: string | null | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  return id && !Number.isNaN(at.getTime()) ? { at, id } : null;
}

/**
 * A payment provider that keeps its own ledger in the database (as a real PSP
 * would on its side) and talks back through signed webhooks on the same path a
 * real provider uses, so the confirmation path is exercised end to end.
 */
export function createSimulatedProvider(opts: SimulatedProviderOptions): SimulatedProvider {
  const { db, clock, webhookSecret } = opts;
  const settleDelayMs = opts.settleDelayMs ?? 5_000;
  const halfLatency = (opts.latencyMs ?? 0) / 2;
  let target = opts.webhookTarget;

  /** The network: a call may reach the provider late, and its answer come back late. */
  const overTheWire = async <T>(act: () => Promise<T>): Promise<T> => {
    if (halfLatency > 0) await sleep(halfLatency);
    const result = await act();
    if (halfLatency > 0) await sleep(halfLatency);
    return result;
  };

  const mustFind = async (intentId: string): Promise<PaymentIntent> => {
    const row = await findSimIntent(db, intentId);
    if (!row) throw new Error(`Unknown payment intent ${intentId}`);
    return toIntent(row);
  };

  const page = (rows: SimIntentRow[], limit: number, at: (r: SimIntentRow) => Date): IntentPage => {
    const last = rows[rows.length - 1];
    return { items: rows.map(toIntent), next: rows.length === limit && last ? encodeCursor(at(last), last.id) : null };
  };

  return {
    name: 'simulated',
    signatureHeader: signatureHeaderName,

    authorize: (input) =>
      overTheWire(async () => {
        const outcome = tokenOutcome[input.token] ?? { status: 'declined' as const, declineCode: 'invalid_token' };
        const now = clock.now();
        const written = await insertSimIntent(db, {
          id: `pi_${randomBytes(12).toString('hex')}`,
          idempotencyKey: input.idempotencyKey,
          amount: input.amount,
          currency: input.currency,
          token: input.token,
          status: outcome.status,
          declineCode: outcome.declineCode ?? null,
          metadata: input.metadata,
          settlesAt: outcome.status === 'processing' ? new Date(now.getTime() + settleDelayMs) : null,
          now,
        });
        // A repeated key answers with the first call's intent, whatever this call asked.
        return toIntent(written ?? (await findSimIntentByKey(db, input.idempotencyKey))!);
      }),

    capture: (intentId) =>
      overTheWire(async () => {
        const moved = await moveSimIntent(db, intentId, 'captured', clock.now());
        return moved ? toIntent(moved) : mustFind(intentId);
      }),

    cancel: (intentId) =>
      overTheWire(async () => {
        const moved = await moveSimIntent(db, intentId, 'canceled', clock.now());
        return moved ? toIntent(moved) : mustFind(intentId);
      }),

    refund: ({ intentId, amount, idempotencyKey }) =>
      overTheWire(() => refundSimIntent(db, { intentId, amount, idempotencyKey, newId: `re_${randomBytes(12).toString('hex')}` })),

    async retrieve(intentId) {
      const row = await findSimIntent(db, intentId);
      return row ? toIntent(row) : null;
    },

    async findByKey(key) {
      const row = await findSimIntentByKey(db, key);
      return row ? toIntent(row) : null;
    },

    async listCaptures({ from, to, cursor, limit }) {
      const rows = await listSimCaptures(db, { from, to, after: decodeCursor(cursor), limit });
      return page(rows, limit, (r) => r.captured_at!);
    },

    async listAuthorizations({ cursor, limit }) {
      const rows = await listSimAuthorizations(db, { after: decodeCursor(cursor), limit });
      return page(rows, limit, (r) => r.created_at);
    },

    parseWebhook(rawBody, header): WebhookEvent {
      verifyWebhookSignature(webhookSecret, rawBody, header, clock.now());
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        throw new WebhookSignatureError('Body is not JSON');
      }
      const p = parsed as { id?: unknown; type?: unknown; data?: { intentId?: unknown } };
      if (typeof p.id !== 'string' || typeof p.type !== 'string') throw new WebhookSignatureError('Unrecognised webhook body');
      return { id: p.id, type: p.type, intentId: typeof p.data?.intentId === 'string' ? p.data.intentId : null };
    },

    async tick() {
      for (const id of await settleDueSimIntents(db, clock.now())) {
        const eventId = `evt_${id}_payment.captured`;
        const body = { id: eventId, type: 'payment.captured', created: Math.floor(clock.now().getTime() / 1000), data: { intentId: id } };
        await enqueueSimWebhook(db, eventId, JSON.stringify(body));
      }
      if (!target) return;
      for (const hook of await pendingSimWebhooks(db, 50)) {
        const body = JSON.stringify(hook.body);
        const headers = { 'content-type': 'application/json', [signatureHeaderName]: signWebhook(webhookSecret, body, clock.now()) };
        const ok = await target(body, headers).catch(() => false);
        await recordSimWebhookAttempt(db, hook.id, ok, clock.now());
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
