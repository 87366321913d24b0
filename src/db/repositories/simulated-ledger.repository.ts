import { sql } from 'kysely';
import type { Db, Executor } from '../client.js';
import type { SimPaymentIntentsTable } from '../schema.js';

/**
 * The simulated payment provider's own books (what a real PSP keeps on its
 * side). Only src/adapters/payments/simulated-provider.ts uses these.
 */
export type SimIntentStatus = SimPaymentIntentsTable['status'];

export interface SimIntentRow {
  id: string;
  idempotency_key: string;
  status: SimIntentStatus;
  amount: string;
  currency: string;
  decline_code: string | null;
  metadata: unknown;
  created_at: Date;
  captured_at: Date | null;
  amount_refunded: string;
}

const intentColumns = sql`i.id, i.idempotency_key, i.status, i.amount, i.currency, i.decline_code, i.metadata, i.created_at, i.captured_at,
  coalesce((select sum(r.amount) from sim_refunds r where r.intent_id = i.id), 0) as amount_refunded`;

export async function insertSimIntent(
  db: Executor,
  v: {
    id: string;
    idempotencyKey: string;
    amount: number;
    currency: string;
    token: string;
    status: SimIntentStatus;
    declineCode: string | null;
    metadata: Record<string, string>;
    settlesAt: Date | null;
    now: Date;
  },
): Promise<SimIntentRow | undefined> {
  return db
    .insertInto('sim_payment_intents')
    .values({
      id: v.id,
      idempotency_key: v.idempotencyKey,
      amount: v.amount,
      currency: v.currency,
      token: v.token,
      status: v.status,
      decline_code: v.declineCode,
      metadata: JSON.stringify(v.metadata),
      settles_at: v.settlesAt,
      created_at: v.now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning(freshColumns)
    .executeTakeFirst();
}

/** An intent's columns as written, for an intent that has no refunds (new, or moving from 'authorized'). */
const freshColumns = [
  'id',
  'idempotency_key',
  'status',
  'amount',
  'currency',
  'decline_code',
  'metadata',
  'created_at',
  'captured_at',
  sql<string>`'0'`.as('amount_refunded'),
] as const;

export async function findSimIntent(db: Executor, id: string): Promise<SimIntentRow | undefined> {
  const { rows } = await sql<SimIntentRow>`select ${intentColumns} from sim_payment_intents i where i.id = ${id}`.execute(db);
  return rows[0];
}

export async function findSimIntentByKey(db: Executor, key: string): Promise<SimIntentRow | undefined> {
  const { rows } = await sql<SimIntentRow>`select ${intentColumns} from sim_payment_intents i where i.idempotency_key = ${key}`.execute(db);
  return rows[0];
}

/** Moves an intent out of 'authorized' and answers it; undefined (a no-op) when it is not authorized. */
export async function moveSimIntent(db: Executor, id: string, to: 'captured' | 'canceled', now: Date): Promise<SimIntentRow | undefined> {
  return db
    .updateTable('sim_payment_intents')
    .set(to === 'captured' ? { status: to, captured_at: now } : { status: to })
    .where('id', '=', id)
    .where('status', '=', 'authorized')
    .returning(freshColumns)
    .executeTakeFirst();
}

/** Delayed payments whose settlement time has come are captured; their ids are returned for webhooks. */
export async function settleDueSimIntents(db: Executor, now: Date): Promise<string[]> {
  const rows = await db
    .updateTable('sim_payment_intents')
    .set({ status: 'captured', captured_at: now })
    .where('status', '=', 'processing')
    .where('settles_at', '<=', now)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Captures in [from, to) after the (captured_at, id) cursor, in capture order. */
export async function listSimCaptures(
  db: Executor,
  a: { from: Date; to: Date; after: { at: Date; id: string } | null; limit: number },
): Promise<SimIntentRow[]> {
  const after = a.after ? sql`and (i.captured_at, i.id) > (${a.after.at}, ${a.after.id})` : sql``;
  const { rows } = await sql<SimIntentRow>`
    select ${intentColumns} from sim_payment_intents i
     where i.status = 'captured' and i.captured_at >= ${a.from} and i.captured_at < ${a.to} ${after}
     order by i.captured_at, i.id
     limit ${a.limit}`.execute(db);
  return rows;
}

/** Open authorisations after the (created_at, id) cursor, oldest first. */
export async function listSimAuthorizations(db: Executor, a: { after: { at: Date; id: string } | null; limit: number }) {
  const after = a.after ? sql`and (i.created_at, i.id) > (${a.after.at}, ${a.after.id})` : sql``;
  const { rows } = await sql<SimIntentRow>`
    select ${intentColumns} from sim_payment_intents i
     where i.status = 'authorized' ${after}
     order by i.created_at, i.id
     limit ${a.limit}`.execute(db);
  return rows;
}

/**
 * A refund, idempotent on its key and never above what was captured. The
 * intent row lock serialises refunds of one payment.
 */
export async function refundSimIntent(
  db: Db,
  a: { intentId: string; amount: number; idempotencyKey: string; newId: string },
): Promise<{ id: string; amount: number }> {
  return db.transaction().execute(async (tx) => {
    const intent = await tx.selectFrom('sim_payment_intents').selectAll().where('id', '=', a.intentId).forUpdate().executeTakeFirst();
    if (!intent || intent.status !== 'captured') throw new Error(`Payment ${a.intentId} is not captured`);
    const existing = await tx.selectFrom('sim_refunds').selectAll().where('idempotency_key', '=', a.idempotencyKey).executeTakeFirst();
    if (existing) return { id: existing.id, amount: Number(existing.amount) };
    const { refunded } = await tx
      .selectFrom('sim_refunds')
      .select(sql<string>`coalesce(sum(amount), 0)`.as('refunded'))
      .where('intent_id', '=', a.intentId)
      .executeTakeFirstOrThrow();
    if (Number(refunded) + a.amount > Number(intent.amount)) throw new Error(`Refund exceeds the captured amount of ${a.intentId}`);
    await tx
      .insertInto('sim_refunds')
      .values({ id: a.newId, intent_id: a.intentId, idempotency_key: a.idempotencyKey, amount: a.amount })
      .execute();
    return { id: a.newId, amount: a.amount };
  });
}

export async function enqueueSimWebhook(db: Executor, id: string, body: string): Promise<void> {
  await db
    .insertInto('sim_webhooks')
    .values({ id, body })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function pendingSimWebhooks(db: Executor, limit: number) {
  return db.selectFrom('sim_webhooks').selectAll().where('delivered_at', 'is', null).orderBy('created_at').limit(limit).execute();
}

export async function recordSimWebhookAttempt(db: Executor, id: string, delivered: boolean, now: Date): Promise<void> {
  await db
    .updateTable('sim_webhooks')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), ...(delivered ? { delivered_at: now } : {}) }))
    .where('id', '=', id)
    .execute();
}
