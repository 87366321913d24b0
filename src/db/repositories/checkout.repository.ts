import { sql, type RawBuilder } from 'kysely';
import { forCaller } from './sessions.repository.js';
import type { Executor } from '../client.js';
import type { OrderStatus, PaymentStatus } from '../schema.js';
import type { OrderRow } from './orders.repository.js';
import type { AttemptRow } from './payments.repository.js';

/**
 * The checkout's steps, one statement each (SQL functions of migration 0027):
 * start, one move of a payment attempt, confirmation. Each commits when its
 * statement returns; the rules that decide what to ask for stay in src/domain.
 */

export type StartCheckoutOutcome =
  'created' | 'existing' | 'key_reused' | 'hold_not_found' | 'hold_purchased' | 'hold_expired' | 'in_progress';

export interface StartCheckout {
  holdId: string;
  userId: string;
  idempotencyKey: string;
  /** The id a new order gets, so its attempt's key is known before the statement. */
  newOrderId: string;
  newAttemptKey: string;
  provider: string;
  now: Date;
  /** The hold lives at least until then while the payment is in flight, at most `maxExtensionMs` past its expiry. */
  holdUntil: Date;
  maxExtensionMs: number;
  /** The caller's session, checked in the same statement (see forCaller); without a live one nothing starts. */
  sessionId?: string | null;
}

type Prefixed<P extends string, T> = { [K in keyof T as `${P}${K & string}`]: T[K] | null };
type StartRow = { outcome: StartCheckoutOutcome; live_order: string | null } & Prefixed<'o_', OrderRow> & Prefixed<'a_', AttemptRow>;

export const startCheckoutStatement = (a: StartCheckout): RawBuilder<StartRow> =>
  forCaller<StartRow>(a, (user) => startCheckoutCall(a, user));

const startCheckoutCall = (a: StartCheckout, userId: RawBuilder<string>) => sql`
  start_checkout(${a.holdId}::uuid, ${userId}, ${a.idempotencyKey}, ${a.newOrderId}::uuid, ${a.newAttemptKey}, ${a.provider},
                 ${a.now}::timestamptz, ${a.holdUntil}::timestamptz, ${a.maxExtensionMs}::bigint)`;

/**
 * The order for this key — found, or created with its attempt, the hold
 * stretched — in one statement committed before any provider call.
 * `attempt` is the order's latest attempt while it waits for payment.
 */
export async function startCheckout(
  db: Executor,
  a: StartCheckout,
): Promise<
  { outcome: StartCheckoutOutcome; liveOrderId: string | null; order: OrderRow | null; attempt: AttemptRow | null } | 'no_session'
> {
  const { rows } = await startCheckoutStatement(a).execute(db);
  const r = rows[0];
  if (!r) {
    if (a.sessionId) return 'no_session';
    throw new Error('start_checkout returned no row');
  }
  const order: OrderRow | null = r.o_id
    ? {
        id: r.o_id,
        hold_id: r.o_hold_id!,
        event_id: r.o_event_id!,
        user_id: r.o_user_id!,
        status: r.o_status! as OrderStatus,
        total_amount: r.o_total_amount!,
        currency: r.o_currency!,
        idempotency_key: r.o_idempotency_key!,
        failure_reason: r.o_failure_reason,
        created_at: r.o_created_at!,
        confirmed_at: r.o_confirmed_at,
        cancelled_at: r.o_cancelled_at,
        cancel_reason: r.o_cancel_reason,
      }
    : null;
  const attempt: AttemptRow | null = r.a_id
    ? {
        id: r.a_id,
        order_id: r.a_order_id!,
        provider: r.a_provider!,
        intent_id: r.a_intent_id,
        idempotency_key: r.a_idempotency_key!,
        status: r.a_status! as PaymentStatus,
        amount: r.a_amount!,
        currency: r.a_currency!,
        decline_code: r.a_decline_code,
        created_at: r.a_created_at!,
        updated_at: r.a_updated_at!,
      }
    : null;
  return { outcome: r.outcome, liveOrderId: r.live_order, order, attempt };
}

export interface SettleAttempt {
  attemptId: string;
  /** The status the move was decided from; the statement changes nothing if the attempt has moved since. */
  from: PaymentStatus;
  to: PaymentStatus | null;
  intentId: string | null;
  declineCode: string | null;
  /** orders.failure_reason when `to` fails the order. */
  failureReason: string | null;
  source: string;
  /** The provider says the intent awaits the customer: report whether the hold still lives. */
  awaiting: boolean;
  now: Date;
  holdUntil: Date;
  maxExtensionMs: number;
}

export interface SettleAttemptRow {
  outcome: 'ok' | 'stale';
  status: PaymentStatus;
  order_pending: boolean | null;
  order_failed: boolean | null;
  hold_live: boolean | null;
  key: string;
}

export const settleAttemptStatement = (a: SettleAttempt) => sql<SettleAttemptRow>`
  select * from settle_attempt(${a.attemptId}::uuid, ${a.from}, ${a.to}, ${a.intentId}, ${a.declineCode}, ${a.failureReason},
                               ${a.source}, ${a.awaiting}, ${a.now}::timestamptz, ${a.holdUntil}::timestamptz,
                               ${a.maxExtensionMs}::bigint)`;

/** One move of the attempt (under the order's and the attempt's row locks) and its consequences, one statement. */
export async function settleAttempt(db: Executor, a: SettleAttempt): Promise<SettleAttemptRow> {
  return (await settleAttemptStatement(a).execute(db)).rows[0]!;
}

export interface ConfirmOrderRow {
  outcome: 'confirmed' | 'refund';
  newly_captured: boolean;
  /** What this call did to the order: confirmed it, or failed it and queued its refund. */
  settled: 'confirmed' | 'refunded' | null;
  event_id: string;
}

export const confirmOrderStatement = (a: {
  orderId: string;
  attemptId: string;
  intentId: string;
  now: Date;
  capturable: PaymentStatus[];
}) =>
  sql<ConfirmOrderRow>`
  select * from confirm_order(${a.orderId}::uuid, ${a.attemptId}::uuid, ${a.intentId}, ${a.now}::timestamptz,
                              ${a.capturable}::text[])`;

/** The capture recorded and the order confirmed (or failed, its refund queued), one statement. */
export async function confirmOrderOnce(
  db: Executor,
  a: { orderId: string; attemptId: string; intentId: string; now: Date; capturable: PaymentStatus[] },
): Promise<ConfirmOrderRow> {
  return (await confirmOrderStatement(a).execute(db)).rows[0]!;
}
