import { sql } from 'kysely';
import type { Executor } from '../client.js';
import type { PaymentStatus } from '../schema.js';

export async function recordPayment(
  db: Executor,
  v: {
    orderId: string;
    provider: string;
    intentId: string;
    idempotencyKey: string;
    status: PaymentStatus;
    amount: number;
    currency: string;
    declineCode: string | null;
    now: Date;
  },
) {
  await db
    .insertInto('payments')
    .values({
      order_id: v.orderId,
      provider: v.provider,
      intent_id: v.intentId,
      idempotency_key: v.idempotencyKey,
      status: v.status,
      amount: v.amount,
      currency: v.currency,
      decline_code: v.declineCode,
      created_at: v.now,
      updated_at: v.now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  return db.selectFrom('payments').selectAll().where('idempotency_key', '=', v.idempotencyKey).executeTakeFirstOrThrow();
}

export async function findPaymentByIntent(db: Executor, provider: string, intentId: string) {
  return db.selectFrom('payments').selectAll().where('provider', '=', provider).where('intent_id', '=', intentId).executeTakeFirst();
}

/** Moves a payment forward; a captured or failed payment never goes back. */
export async function advancePayment(
  db: Executor,
  id: string,
  status: PaymentStatus,
  now: Date,
  declineCode: string | null = null,
): Promise<void> {
  await db
    .updateTable('payments')
    .set({ status, updated_at: now, ...(declineCode ? { decline_code: declineCode } : {}) })
    .where('id', '=', id)
    .where('status', 'in', ['processing', 'authorized'])
    .execute();
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
): Promise<void> {
  await db
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
    .execute();
}

/** Totals per order for receipts: captured and refunded minor units. */
export async function moneyOfOrders(db: Executor, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('orders as o')
    .select('o.id')
    .select(
      sql<string>`coalesce((select sum(p.amount) from payments p where p.order_id = o.id and p.status = 'captured'), 0)`.as('captured'),
    )
    .select(sql<string>`coalesce((select sum(r.amount) from refunds r where r.order_id = o.id), 0)`.as('refunded'))
    .where('o.id', 'in', orderIds)
    .execute();
}

/** Payments left open longer than `olderThan`: a crash or a lost webhook; reconciliation asks the provider. */
export async function stalePayments(db: Executor, olderThan: Date, limit: number) {
  return db
    .selectFrom('payments')
    .select(['id', 'order_id', 'intent_id', 'provider', 'status'])
    .where('status', 'in', ['processing', 'authorized'])
    .where('updated_at', '<', olderThan)
    .orderBy('updated_at')
    .limit(limit)
    .execute();
}
