import { sql } from 'kysely';
import type { Executor } from '../client.js';

/**
 * One inventory row per seat of every priced section, in one statement.
 * Idempotent: rows that exist are left as they are.
 */
export async function materialiseInventory(db: Executor, eventId: string): Promise<number> {
  const result = await sql`
    insert into event_seats (event_id, seat_id, section_id, tier_id, pick_rank, map_ordinal)
    select es.event_id, s.id, s.section_id, es.tier_id, s.pick_rank, s.map_ordinal
    from event_sections es join seats s on s.section_id = es.section_id
    where es.event_id = ${eventId}::uuid
    on conflict (event_id, seat_id) do nothing
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Sold, live-held and free counts; a hold past its expiry counts as free. */
export async function salesCounts(db: Executor, eventId: string, now: Date) {
  const { rows } = await sql<{ sold: number; held: number; available: number }>`
    select
      count(*) filter (where status = 'sold')::int as sold,
      count(*) filter (where status = 'held' and hold_expires_at > ${now})::int as held,
      count(*) filter (where status = 'available' or (status = 'held' and hold_expires_at <= ${now}))::int as available
    from event_seats where event_id = ${eventId}::uuid
  `.execute(db);
  return rows[0] ?? { sold: 0, held: 0, available: 0 };
}

/** The event's priced sections in venue order, with their tier. */
export async function pricedSections(db: Executor, eventId: string) {
  return db
    .selectFrom('event_sections as es')
    .innerJoin('sections as s', 's.id', 'es.section_id')
    .select(['s.id', 's.name', 's.kind', 's.capacity', 'es.tier_id'])
    .where('es.event_id', '=', eventId)
    .orderBy('s.position')
    .execute();
}

/** Seats of the event's priced seated sections in seat-map order. */
export async function seatMapSeats(db: Executor, eventId: string) {
  return db
    .selectFrom('event_sections as es')
    .innerJoin('seats as s', 's.section_id', 'es.section_id')
    .select(['s.id', 's.section_id', 's.row_label', 's.number', 's.x', 's.y', 'es.tier_id'])
    .where('es.event_id', '=', eventId)
    .where('s.map_ordinal', 'is not', null)
    .orderBy('s.map_ordinal')
    .execute();
}

/** The same seats with what the compact layout also carries: flags, for rows and ranges. */
export async function seatLayoutSeats(db: Executor, eventId: string) {
  return db
    .selectFrom('event_sections as es')
    .innerJoin('seats as s', 's.section_id', 'es.section_id')
    .select(['s.id', 's.section_id', 's.row_label', 's.number', 's.x', 's.y', 's.accessible', 's.restricted_view'])
    .where('es.event_id', '=', eventId)
    .where('s.map_ordinal', 'is not', null)
    .orderBy('s.map_ordinal')
    .execute();
}

export interface SectionAvailabilityRow {
  section_id: string;
  total: number;
  available: number;
  /** Seated sections: one digit per seat in seat-map order (0 free, 1 held, 2 sold); null for GA. */
  states: string | null;
}

/**
 * Per section: free and total places, and for seated sections every seat's
 * state as a digit string in seat-map order. One pass over the inventory; a
 * hold past its expiry reads as free.
 */
export async function sectionAvailability(db: Executor, eventId: string, now: Date): Promise<SectionAvailabilityRow[]> {
  const { rows } = await sql<SectionAvailabilityRow>`
    select section_id, count(*)::int as total, count(*) filter (where code = '0')::int as available,
      string_agg(code, '' order by map_ordinal) filter (where map_ordinal is not null) as states
    from (
      select section_id, map_ordinal,
        case when status = 'sold' then '2' when status = 'held' and hold_expires_at > ${now} then '1' else '0' end as code
      from event_seats where event_id = ${eventId}::uuid
    ) x
    group by section_id
    order by min(map_ordinal) nulls last, section_id
  `.execute(db);
  return rows;
}
