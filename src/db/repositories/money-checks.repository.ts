import { sql } from 'kysely';
import type { Executor } from '../client.js';

/**
 * Reads for `verify`'s money checks (src/domain/invariants/verify-money.ts).
 * `eventIds` narrows each to some events (tests running side by side).
 */
type Scope = string[] | undefined;
const inScope = (column: string, eventIds: Scope) => (eventIds ? sql`${sql.ref(column)} = any(${eventIds}::uuid[])` : sql`true`);

/** Our payment rows for these provider intents, with their order and what we recorded as refunded. */
export async function paymentsOfIntents(db: Executor, provider: string, intentIds: string[]) {
  if (intentIds.length === 0) return [];
  const { rows } = await sql<{
    id: string;
    intent_id: string;
    status: string;
    amount: string;
    refunded: string;
    order_id: string;
    order_status: string;
    event_id: string;
  }>`
    select p.id, p.intent_id, p.status, p.amount, o.id as order_id, o.status as order_status, o.event_id,
           coalesce((select sum(r.amount) from refunds r where r.payment_id = p.id), 0) as refunded
      from payments p join orders o on o.id = p.order_id
     where p.provider = ${provider} and p.intent_id = any(${intentIds}::text[])`.execute(db);
  return rows;
}

export async function capturedPayments(db: Executor, provider: string, eventIds: Scope) {
  const { rows } = await sql<{ id: string; intent_id: string; order_id: string }>`
    select p.id, p.intent_id, p.order_id from payments p join orders o on o.id = p.order_id
     where p.provider = ${provider} and p.status = 'captured' and ${inScope('o.event_id', eventIds)}`.execute(db);
  return rows;
}

/** Confirmed orders holding more money than their total: charged twice. */
export async function overchargedOrders(db: Executor, eventIds: Scope) {
  const { rows } = await sql<{ order_id: string; total: string; held: string }>`
    select o.id as order_id, o.total_amount as total, x.held from orders o
      cross join lateral (
        select coalesce((select sum(p.amount) from payments p where p.order_id = o.id and p.status = 'captured'), 0)
             - coalesce((select sum(r.amount) from refunds r where r.order_id = o.id), 0) as held) x
     where o.status = 'confirmed' and ${inScope('o.event_id', eventIds)} and x.held > o.total_amount`.execute(db);
  return rows;
}

export async function ordersPendingSince(db: Executor, before: Date, eventIds: Scope) {
  const { rows } = await sql<{ order_id: string; created_at: Date }>`
    select o.id as order_id, o.created_at from orders o
     where o.status = 'pending_payment' and o.created_at < ${before} and ${inScope('o.event_id', eventIds)}
     order by o.created_at`.execute(db);
  return rows;
}

export async function attemptsOpenSince(db: Executor, before: Date, eventIds: Scope) {
  const { rows } = await sql<{ payment_id: string; order_id: string; status: string; updated_at: Date }>`
    select p.id as payment_id, p.order_id, p.status, p.updated_at from payments p join orders o on o.id = p.order_id
     where p.status in ('created', 'processing', 'authorized') and p.updated_at < ${before} and ${inScope('o.event_id', eventIds)}
     order by p.updated_at`.execute(db);
  return rows;
}
