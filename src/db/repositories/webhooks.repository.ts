import { sql } from 'kysely';
import type { Executor } from '../client.js';
import type { WebhookDeliveryStatus } from '../schema.js';

export interface SubscriptionRow {
  id: string;
  organizer_id: string;
  url: string;
  event_types: string[];
  description: string;
  created_at: Date;
}

const subscriptionColumns = ['id', 'organizer_id', 'url', 'event_types', 'description', 'created_at'] as const;

export async function insertSubscription(
  db: Executor,
  s: { organizerId: string; url: string; eventTypes: string[]; secretSealed: string; description: string; now: Date },
): Promise<SubscriptionRow> {
  return db
    .insertInto('webhook_subscriptions')
    .values({
      organizer_id: s.organizerId,
      url: s.url,
      event_types: s.eventTypes,
      secret_sealed: s.secretSealed,
      description: s.description,
      created_at: s.now,
    })
    .returning(subscriptionColumns)
    .executeTakeFirstOrThrow();
}

/** An organizer's subscriptions, or everyone's (organizerId null: an admin). */
export async function listSubscriptions(db: Executor, organizerId: string | null): Promise<SubscriptionRow[]> {
  let q = db.selectFrom('webhook_subscriptions').select(subscriptionColumns).orderBy('created_at', 'desc').orderBy('id').limit(200);
  if (organizerId !== null) q = q.where('organizer_id', '=', organizerId);
  return q.execute();
}

export async function findSubscription(db: Executor, id: string): Promise<(SubscriptionRow & { secret_sealed: string }) | undefined> {
  return db
    .selectFrom('webhook_subscriptions')
    .select([...subscriptionColumns, 'secret_sealed'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Deletes the subscription with its delivery log (cascade). */
export async function deleteSubscription(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
}

/**
 * One delivery per subscription for an outbox message; a message delivered
 * again by the outbox (at least once) finds its rows and adds none.
 */
export async function insertDeliveries(
  db: Executor,
  d: { subscriptionIds: string[]; outboxId: string | null; eventType: string; body: string; now: Date },
): Promise<string[]> {
  if (d.subscriptionIds.length === 0) return [];
  const rows = await db
    .insertInto('webhook_deliveries')
    .values(
      d.subscriptionIds.map((id) => ({
        subscription_id: id,
        outbox_id: d.outboxId,
        event_type: d.eventType,
        body: d.body,
        next_attempt_at: d.now,
        created_at: d.now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['subscription_id', 'outbox_id']).where('outbox_id', 'is not', null).where('redelivery_of', 'is', null).doNothing(),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** A fresh delivery of an earlier one's exact body, due now, with its own attempts. */
export async function insertRedelivery(db: Executor, of: DeliveryRow, now: Date): Promise<string> {
  const row = await db
    .insertInto('webhook_deliveries')
    .values({
      subscription_id: of.subscription_id,
      outbox_id: of.outbox_id,
      redelivery_of: of.id,
      event_type: of.event_type,
      body: of.body,
      next_attempt_at: now,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface DeliveryRow {
  id: string;
  subscription_id: string;
  outbox_id: string | null;
  redelivery_of: string | null;
  event_type: string;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const deliveryColumns = [
  'id',
  'subscription_id',
  'outbox_id',
  'redelivery_of',
  'event_type',
  'body',
  'status',
  'attempts',
  'next_attempt_at',
  'last_status_code',
  'last_duration_ms',
  'last_error',
  'created_at',
  'delivered_at',
] as const;

export async function findDelivery(db: Executor, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').select(deliveryColumns).where('id', '=', id).executeTakeFirst();
}

/** The delivery log of a subscription, newest first. */
export async function listDeliveries(db: Executor, subscriptionId: string, limit: number): Promise<DeliveryRow[]> {
  return db
    .selectFrom('webhook_deliveries')
    .select(deliveryColumns)
    .where('subscription_id', '=', subscriptionId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export interface DueDelivery {
  id: string;
  attempts: number;
  body: string;
  event_type: string;
  url: string;
  secret_sealed: string;
}

/**
 * Leases up to `limit` due deliveries for `leaseMs`: the HTTP calls run outside
 * any transaction (a slow receiver must not hold row locks), and a worker that
 * dies mid-call leaves a lease that simply runs out. SKIP LOCKED keeps two
 * workers from leasing the same row.
 */
export async function leaseDueDeliveries(db: Executor, now: Date, leaseMs: number, limit: number, onlyId?: string): Promise<DueDelivery[]> {
  const { rows } = await sql<DueDelivery>`
    with due as (
      select d.id from webhook_deliveries d
       where d.status = 'pending' and d.next_attempt_at <= ${now}::timestamptz
         and (d.locked_until is null or d.locked_until <= ${now}::timestamptz)
         ${onlyId ? sql`and d.id = ${onlyId}::uuid` : sql``}
       order by d.next_attempt_at, d.id
       limit ${limit}
       for update skip locked
    )
    update webhook_deliveries d set locked_until = ${new Date(now.getTime() + leaseMs)}::timestamptz
      from due, webhook_subscriptions s
     where d.id = due.id and s.id = d.subscription_id
    returning d.id, d.attempts, d.body, d.event_type, s.url, s.secret_sealed`.execute(db);
  return rows;
}

/** Records one attempt and what comes next (delivered, retried at `nextAttemptAt`, or failed) in one statement. */
export async function recordAttempt(
  db: Executor,
  a: {
    deliveryId: string;
    at: Date;
    statusCode: number | null;
    durationMs: number;
    error: string | null;
    outcome: WebhookDeliveryStatus;
    nextAttemptAt: Date | null;
  },
): Promise<void> {
  await sql`
    with attempt as (
      insert into webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, error)
      values (${a.deliveryId}::uuid, ${a.at}, ${a.statusCode}, ${a.durationMs}, ${a.error})
    )
    update webhook_deliveries
       set status = ${a.outcome}, attempts = attempts + 1, next_attempt_at = ${a.nextAttemptAt}, locked_until = null,
           last_status_code = ${a.statusCode}, last_duration_ms = ${a.durationMs}, last_error = ${a.error},
           delivered_at = case when ${a.outcome} = 'delivered' then ${a.at}::timestamptz else delivered_at end
     where id = ${a.deliveryId}::uuid`.execute(db);
}

/**
 * The organizer's subscriptions that want `type`, read in the statement that finds the organizer: the fan-out
 * of each outbox row was two round trips before (issue 9: every paid order of a sale is one).
 */
const subscribersOf = (organizerId: ReturnType<typeof sql.ref>, type: string) => sql<string[]>`
  array(select s.id::text from webhook_subscriptions s where s.organizer_id = ${organizerId} and ${type} = any(s.event_types))`;

/**
 * What an order webhook says about the order, and who subscribed to `type` among its organizer's subscriptions. No personal data: receivers
 * get ids and amounts.
 */
export async function orderWebhookFacts(db: Executor, orderId: string, type: string) {
  return db
    .selectFrom('orders as o')
    .innerJoin('events as e', 'e.id', 'o.event_id')
    .select(['o.id', 'o.event_id', 'o.status', 'o.total_amount', 'o.currency', 'o.confirmed_at', 'o.cancelled_at', 'e.title'])
    .select((eb) =>
      eb
        .selectFrom('tickets as t')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('t.order_id', '=', 'o.id')
        .where('t.status', '!=', 'void')
        .as('tickets'),
    )
    .select(subscribersOf(sql.ref('e.organizer_id'), type).as('subscription_ids'))
    .where('o.id', '=', orderId)
    .executeTakeFirst();
}

/** An event's facts for its webhooks, and who subscribed to `type`. */
export async function eventWebhookFacts(db: Executor, eventId: string, type: string) {
  return db
    .selectFrom('events')
    .select(['id', 'title', 'status', 'starts_at', 'cancel_reason'])
    .select(subscribersOf(sql.ref('events.organizer_id'), type).as('subscription_ids'))
    .where('id', '=', eventId)
    .executeTakeFirst();
}
