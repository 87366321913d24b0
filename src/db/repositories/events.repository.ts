import { sql } from 'kysely';
import type { Executor } from '../client.js';
import type { EventStatus, EventsTable } from '../schema.js';
import type { Insertable, Updateable } from 'kysely';

const eventColumns = [
  'id',
  'organizer_id',
  'venue_id',
  'title',
  'description',
  'category',
  'starts_at',
  'status',
  'sale_starts_at',
  'presale_starts_at',
  'sale_ends_at',
  'per_user_limit',
  'hold_seconds',
  'cancellation_cutoff_hours',
  'transfer_cutoff_minutes',
  'capacity',
  'seats_available',
  'inventory_ready',
  'published_at',
  'created_at',
  'currency',
  'pricing',
  'cancel_reason',
  'cancelled_at',
  'rescheduled_from',
  'rescheduled_at',
  'reschedule_refund_until',
] as const;

export async function findEventRow(db: Executor, id: string) {
  return db.selectFrom('events').select(eventColumns).where('id', '=', id).executeTakeFirst();
}

/** The event row locked for the rest of the transaction (status changes serialise on it). */
export async function lockEventRow(db: Executor, id: string) {
  return db.selectFrom('events').select(eventColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

export type EventRow = NonNullable<Awaited<ReturnType<typeof findEventRow>>>;

/** Whether a published event has its inventory rows yet, without a lock. */
export async function findInventoryState(db: Executor, id: string) {
  return db.selectFrom('events').select(['inventory_ready', 'status']).where('id', '=', id).executeTakeFirst();
}

export async function insertEvent(db: Executor, values: Insertable<EventsTable>): Promise<string> {
  const row = await db.insertInto('events').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateEvent(db: Executor, id: string, values: Updateable<EventsTable>): Promise<void> {
  await db.updateTable('events').set(values).where('id', '=', id).execute();
}

/**
 * Links performers in the given order, creating unknown names. Names match
 * case-insensitively, so "ABBA" and "Abba" are one performer.
 */
export async function setEventPerformers(db: Executor, eventId: string, names: string[]): Promise<void> {
  await db.deleteFrom('event_performers').where('event_id', '=', eventId).execute();
  if (names.length === 0) return;
  await sql`insert into performers (name) select unnest(${names}::text[]) on conflict ((lower(name))) do nothing`.execute(db);
  await sql`
    insert into event_performers (event_id, performer_id, position)
    select ${eventId}::uuid, p.id, n.position - 1
    from unnest(${names}::text[]) with ordinality as n(name, position)
    join performers p on lower(p.name) = lower(n.name)
  `.execute(db);
}

export interface TierRow {
  name: string;
  amount: number;
  currency: string;
  sectionIds: string[];
}

/** Replaces the event's tiers and which sections each sells. */
export async function replacePriceTiers(db: Executor, eventId: string, tiers: TierRow[]): Promise<void> {
  await db.deleteFrom('event_sections').where('event_id', '=', eventId).execute();
  await db.deleteFrom('price_tiers').where('event_id', '=', eventId).execute();
  const ids = await db
    .insertInto('price_tiers')
    .values(
      tiers.map((t, position) => ({
        event_id: eventId,
        name: t.name,
        price_amount: t.amount,
        base_amount: t.amount,
        currency: t.currency,
        position,
      })),
    )
    .returning(['id', 'position'])
    .execute();
  const idAt = new Map(ids.map((r) => [r.position, r.id]));
  await db
    .insertInto('event_sections')
    .values(tiers.flatMap((t, i) => t.sectionIds.map((sectionId) => ({ event_id: eventId, section_id: sectionId, tier_id: idAt.get(i)! }))))
    .execute();
}

/**
 * Recomputes the columns copied onto the event for search and listing. Seats
 * available follow capacity only until the inventory exists; after that the
 * booking path owns that count.
 */
export async function refreshEventSummary(db: Executor, eventId: string, now: Date): Promise<void> {
  await sql`
    update events e set
      venue_name = v.name,
      city = v.city,
      performer_names = coalesce((
        select string_agg(p.name, ', ' order by ep.position) from event_performers ep join performers p on p.id = ep.performer_id
        where ep.event_id = e.id), ''),
      min_price = t.min_price,
      max_price = t.max_price,
      currency = t.currency,
      capacity = t.capacity,
      seats_available = case when e.inventory_ready then e.seats_available else t.capacity end,
      updated_at = ${now}
    from venues v,
      lateral (
        -- Hidden tiers (migration 0029) sell only with a code: their prices stay out of listings and search.
        select min(pt.price_amount) filter (where not pt.hidden) as min_price,
          max(pt.price_amount) filter (where not pt.hidden) as max_price, min(pt.currency) as currency,
          coalesce((select sum(s.capacity) from event_sections es join sections s on s.id = es.section_id where es.event_id = ${eventId}::uuid), 0)::int as capacity
        from price_tiers pt where pt.event_id = ${eventId}::uuid
      ) t
    where e.id = ${eventId}::uuid and v.id = e.venue_id
  `.execute(db);
}

export async function performersOf(db: Executor, eventId: string) {
  return db
    .selectFrom('event_performers as ep')
    .innerJoin('performers as p', 'p.id', 'ep.performer_id')
    .select(['p.id', 'p.name'])
    .where('ep.event_id', '=', eventId)
    .orderBy('ep.position')
    .execute();
}

export async function priceTiersOf(db: Executor, eventId: string) {
  return db
    .selectFrom('price_tiers as t')
    .select(['t.id', 't.name', 't.price_amount', 't.currency', 't.hidden'])
    .select(
      sql<string[]>`coalesce((
      select array_agg(es.section_id::text order by s.position) from event_sections es join sections s on s.id = es.section_id
      where es.tier_id = t.id), '{}')`.as('section_ids'),
    )
    .where('t.event_id', '=', eventId)
    .orderBy('t.position')
    .execute();
}

/** What an organizer's event list is narrowed to: a title substring and one status. */
export interface ManagedEventFilter {
  organizerId: string | null;
  title?: string;
  status?: EventStatus;
}

/** `%`, `_` and `\\` typed into a search box are matched literally. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listEventsForAdmin(
  db: Executor,
  filter: ManagedEventFilter,
  limit: number,
  after: { createdAt: Date; id: string } | null,
) {
  let q = db.selectFrom('events').select(eventColumns).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
  if (filter.organizerId) q = q.where('organizer_id', '=', filter.organizerId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.title) q = q.where('title', 'ilike', likePattern(filter.title));
  if (after) q = q.where(sql<boolean>`(created_at, id) < (${after.createdAt}, ${after.id}::uuid)`);
  return q.execute();
}

/** What a hold, an order or a mail names of its event: title, start and the venue with its time zone. */
export async function eventHeadingRows(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('events as e')
    .innerJoin('venues as v', 'v.id', 'e.venue_id')
    .select([
      'e.id',
      'e.title',
      'e.starts_at',
      'e.status',
      'e.cancel_reason',
      'e.rescheduled_from',
      'e.rescheduled_at',
      'e.reschedule_refund_until',
      'e.cancellation_cutoff_hours',
      'e.venue_id',
      'v.name as venue_name',
      'v.city',
      'v.timezone',
      'v.tax_rate_bp',
    ])
    .where('e.id', 'in', ids)
    .execute();
}

/** The free-form pricing and queue policies, as stored (a duplicate copies them). */
export async function eventPolicies(db: Executor, id: string) {
  return db.selectFrom('events').select(['pricing', 'queue']).where('id', '=', id).executeTakeFirstOrThrow();
}
