import { sql } from 'kysely';
import type { Executor } from '../client.js';

/** A payment attempt (a `payments` row); its moves are in src/domain/payments/payment-attempt.rules.ts. */
export async function findAttempt(db: Executor, id: string) {
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}
export type AttemptRow = NonNullable<Awaited<ReturnType<typeof findAttempt>>>;

/** Written, and committed with the order, before the provider is called. */
export async function insertAttempt(
  db: Executor,
  v: { orderId: string; provider: string; idempotencyKey: string; amount: number | string; currency: string; now: Date },
): Promise<AttemptRow> {
  await db
    .insertInto('payments')
    .values({
      order_id: v.orderId,
      provider: v.provider,
      intent_id: null,
      idempotency_key: v.idempotencyKey,
      status: 'created',
      amount: v.amount,
      currency: v.currency,
      created_at: v.now,
      updated_at: v.now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  return db.selectFrom('payments').selectAll().where('idempotency_key', '=', v.idempotencyKey).executeTakeFirstOrThrow();
}

export async function findAttemptByKey(db: Executor, idempotencyKey: string) {
  return db.selectFrom('payments').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

export async function findAttemptByIntent(db: Executor, provider: string, intentId: string) {
  return db.selectFrom('payments').selectAll().where('provider', '=', provider).where('intent_id', '=', intentId).executeTakeFirst();
}

/** The order's latest attempt (one per order as checkout makes them). */
export async function latestAttemptOfOrder(db: Executor, orderId: string) {
  return db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

/**
 * Attempts not final whose last change is older than `olderThan`, oldest
 * first, after the (updated_at, id) keyset `after`: reconciliation asks the
 * provider about each. `eventIds` narrows to some events (tests).
 */
export async function unsettledAttempts(
  db: Executor,
  a: { olderThan: Date; limit: number; after?: { updatedAt: Date; id: string } | null; eventIds?: string[] },
) {
  let q = db
    .selectFrom('payments as p')
    .selectAll('p')
    .where('p.status', 'in', ['created', 'processing', 'authorized'])
    .where('p.updated_at', '<', a.olderThan);
  if (a.after) q = q.where(sql<boolean>`(p.updated_at, p.id) > (${a.after.updatedAt}, ${a.after.id}::uuid)`);
  const eventIds = a.eventIds;
  if (eventIds) {
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('orders as o').select('o.id').whereRef('o.id', '=', 'p.order_id').where('o.event_id', 'in', eventIds)),
    );
  }
  return q.orderBy('p.updated_at').orderBy('p.id').limit(a.limit).execute();
}

/** Intent ids among `intentIds` that our books already show as captured. */
export async function capturedIntentIds(db: Executor, provider: string, intentIds: string[]): Promise<Set<string>> {
  if (intentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('payments')
    .select('intent_id')
    .where('provider', '=', provider)
    .where('intent_id', 'in', intentIds)
    .where('status', '=', 'captured')
    .execute();
  return new Set(rows.map((r) => r.intent_id!));
}

/**
 * Orders still waiting for money with no attempt at all (written by a build
 * before attempts were recorded first): reconciliation gives each one.
 */
export async function pendingOrdersWithoutAttempt(db: Executor, olderThan: Date, limit: number, eventIds?: string[]) {
  let q = db
    .selectFrom('orders as o')
    .select(['o.id', 'o.total_amount', 'o.currency'])
    .where('o.status', '=', 'pending_payment')
    .where('o.created_at', '<', olderThan)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('payments as p').select('p.id').whereRef('p.order_id', '=', 'o.id'))));
  if (eventIds) q = q.where('o.event_id', 'in', eventIds);
  return q.limit(limit).execute();
}

/** Captured payments of an order with what is already refunded of each: the paid amount is derived, never stored. */
export async function capturedPaymentsOfOrder(db: Executor, orderId: string) {
  return db
    .selectFrom('payments as p')
    .select(['p.id', 'p.intent_id', 'p.provider', 'p.amount', 'p.currency'])
    .select(sql<string>`coalesce((select sum(r.amount) from refunds r where r.payment_id = p.id), 0)`.as('refunded'))
    .where('p.order_id', '=', orderId)
    .where('p.status', '=', 'captured')
    .execute();
}

export async function insertRefund(
  db: Executor,
  v: {
    paymentId: string;
    orderId: string;
    providerRefundId: string;
    idempotencyKey: string;
    amount: number;
    currency: string;
    reason: string;
    now: Date;
  },
): Promise<boolean> {
  const result = await db
    .insertInto('refunds')
    .values({
      payment_id: v.paymentId,
      order_id: v.orderId,
      provider_refund_id: v.providerRefundId,
      idempotency_key: v.idempotencyKey,
      amount: v.amount,
      currency: v.currency,
      reason: v.reason,
      created_at: v.now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
