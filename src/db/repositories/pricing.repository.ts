import { sql } from 'kysely';
import type { Executor } from '../client.js';
import type { PriceHistoryTable } from '../schema.js';

/** Each tier's current all-in price and the base price the organizer set. */
export async function tierPrices(db: Executor, eventId: string) {
  const rows = await db
    .selectFrom('price_tiers')
    .select(['id', 'name', 'price_amount', 'currency'])
    .select(sql<string>`coalesce(base_amount, price_amount)`.as('base_amount'))
    .where('event_id', '=', eventId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    current: Number(r.price_amount),
    base: Number(r.base_amount),
    currency: r.currency.trim(),
  }));
}

export interface PriceChange {
  eventId: string;
  tierId: string;
  from: number;
  to: number;
  currency: string;
  reason: PriceHistoryTable['reason'];
  actorId: string | null;
  inputs: Record<string, unknown>;
  now: Date;
}

/**
 * Moves a tier's current price and records the change, in the caller's
 * transaction. Compare-and-set on the old price: a worker that computed from
 * a price someone else has since changed writes nothing (false). A hold
 * running at the same moment reads either the old or the new price, never a
 * mix, and keeps what it read (place_hold copies it into hold_seats).
 */
export async function changeTierPrice(tx: Executor, c: PriceChange): Promise<boolean> {
  const updated = await tx
    .updateTable('price_tiers')
    .set({ price_amount: c.to })
    .where('id', '=', c.tierId)
    .where('event_id', '=', c.eventId)
    .where('price_amount', '=', String(c.from))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await tx
    .insertInto('price_history')
    .values({
      event_id: c.eventId,
      tier_id: c.tierId,
      changed_at: c.now,
      old_amount: c.from,
      new_amount: c.to,
      currency: c.currency,
      reason: c.reason,
      actor_id: c.actorId,
      inputs: JSON.stringify(c.inputs),
    })
    .execute();
  return true;
}

/** When each tier of the event last changed price. */
export async function lastPriceChanges(db: Executor, eventId: string): Promise<Map<string, Date>> {
  const rows = await db
    .selectFrom('price_history')
    .select(['tier_id', (eb) => eb.fn.max('changed_at').as('at')])
    .where('event_id', '=', eventId)
    .groupBy('tier_id')
    .execute();
  return new Map(rows.map((r) => [r.tier_id, new Date(r.at)]));
}

export interface TierDemandRow {
  tier_id: string;
  total: number;
  sold: number;
  held: number;
  taken_in_window: number;
}

/** Per tier: seats, sold, held by live holds, and seats taken by holds made since `windowStart`. */
export async function tierDemand(db: Executor, eventId: string, now: Date, windowStart: Date): Promise<TierDemandRow[]> {
  const { rows } = await sql<TierDemandRow>`
    select es.tier_id, count(*)::int as total,
      count(*) filter (where es.status = 'sold')::int as sold,
      count(*) filter (where es.status = 'held' and es.hold_expires_at > ${now})::int as held,
      coalesce((select count(*)::int from holds h join hold_seats hs on hs.hold_id = h.id
                  join event_seats x on x.event_id = hs.event_id and x.seat_id = hs.seat_id
                 where h.event_id = ${eventId}::uuid and h.created_at >= ${windowStart} and x.tier_id = es.tier_id), 0) as taken_in_window
    from event_seats es where es.event_id = ${eventId}::uuid
    group by es.tier_id`.execute(db);
  return rows;
}

/** Published, upcoming events priced by demand and not paused. */
export async function demandPricedEvents(db: Executor, now: Date) {
  return db
    .selectFrom('events as e')
    .leftJoin('queue_states as q', 'q.event_id', 'e.id')
    .select([
      'e.id',
      'e.pricing',
      'e.starts_at',
      'e.sale_starts_at',
      'e.published_at',
      'e.seats_available',
      'q.joined',
      'q.serving_up_to',
      'q.admissions',
      'q.updated_at as queue_updated_at',
    ])
    .where('e.status', '=', 'published')
    .where('e.starts_at', '>', now)
    .where(sql<boolean>`e.pricing->>'mode' = 'demand' and coalesce(e.pricing->>'paused', 'false') <> 'true'`)
    .execute();
}

export type DemandPricedEvent = Awaited<ReturnType<typeof demandPricedEvents>>[number];

/** The public price history of an event, newest first. */
export async function priceHistory(db: Executor, eventId: string, limit: number) {
  return db
    .selectFrom('price_history as h')
    .innerJoin('price_tiers as t', 't.id', 'h.tier_id')
    .select(['h.id', 'h.changed_at', 'h.tier_id', 't.name as tier_name', 'h.old_amount', 'h.new_amount', 'h.currency', 'h.reason'])
    .where('h.event_id', '=', eventId)
    .orderBy('h.changed_at', 'desc')
    .orderBy('h.id', 'desc')
    .limit(limit)
    .execute();
}

/** Seats sold per tier by hour, for the organizer's plot of price and sales. */
export async function hourlySales(db: Executor, eventId: string) {
  const { rows } = await sql<{ tier_id: string; hour: Date; seats: number }>`
    select es.tier_id, date_trunc('hour', o.confirmed_at) as hour, count(*)::int as seats
      from orders o join hold_seats hs on hs.hold_id = o.hold_id
      join event_seats es on es.event_id = hs.event_id and es.seat_id = hs.seat_id
     where o.event_id = ${eventId}::uuid and o.status = 'confirmed'
     group by 1, 2 order by 2`.execute(db);
  return rows;
}

/** Quotes a fan admitted from the waiting room for every tier at its current price; a quote already given stands. */
export async function quotePrices(db: Executor, eventId: string, userId: string, now: Date, expiresAt: Date) {
  await sql`
    insert into price_quotes (event_id, user_id, tier_id, amount, currency, quoted_at, expires_at)
    select pt.event_id, ${userId}::uuid, pt.id, pt.price_amount, pt.currency, ${now}, ${expiresAt}
      from price_tiers pt where pt.event_id = ${eventId}::uuid
    on conflict (event_id, user_id, tier_id) do update
      set amount = excluded.amount, currency = excluded.currency, quoted_at = excluded.quoted_at, expires_at = excluded.expires_at
      where price_quotes.expires_at <= ${now}`.execute(db);
  return db
    .selectFrom('price_quotes')
    .select(['tier_id', 'amount', 'currency', 'expires_at'])
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .execute();
}
