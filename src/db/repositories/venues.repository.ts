import { sql } from 'kysely';
import type { Updateable } from 'kysely';
import type { Executor, Tx } from '../client.js';
import type { VenuesTable } from '../schema.js';
import type { VenueField } from '../../domain/catalogue/catalogue.types.js';
import type { PlaceAreaPlan, RowPlan } from '../../domain/catalogue/venue-layout.rules.js';

export interface NewVenueRow {
  name: string;
  city: string;
  address: string;
  timezone: string;
  currency: string;
  taxRateBp: number;
  latitude: number | null;
  longitude: number | null;
  field: VenueField | null;
  createdBy: string;
}

export async function insertVenue(db: Executor, v: NewVenueRow): Promise<{ id: string; createdAt: Date }> {
  const row = await db
    .insertInto('venues')
    .values({
      name: v.name,
      city: v.city,
      address: v.address,
      timezone: v.timezone,
      currency: v.currency,
      tax_rate_bp: v.taxRateBp,
      latitude: v.latitude,
      longitude: v.longitude,
      field: v.field ? JSON.stringify(v.field) : null,
      created_by: v.createdBy,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, createdAt: row.created_at };
}

export interface NewSectionRow {
  name: string;
  kind: 'seated' | 'ga';
  capacity: number;
}

/** Inserts sections in order; position is the index. Returns ids in the same order. */
export async function insertSections(db: Executor, venueId: string, sections: NewSectionRow[]): Promise<string[]> {
  const rows = await db
    .insertInto('sections')
    .values(sections.map((s, position) => ({ venue_id: venueId, name: s.name, kind: s.kind, capacity: s.capacity, position })))
    .returning(['id', 'position'])
    .execute();
  return rows.sort((a, b) => a.position - b.position).map((r) => r.id);
}

/**
 * Expands row plans into seats inside the database (one statement for any
 * number of seats). pick_rank orders a section's seats for best-available:
 * front rows first, then outward from the centre of the row.
 */
export async function insertSeatRows(db: Executor, rows: RowPlan[]): Promise<void> {
  if (rows.length === 0) return;
  const intList = (ns: number[]) => `{${ns.join(',')}}`;
  await sql`
    insert into seats (section_id, row_label, row_index, number, x, y, accessible, restricted_view, pick_rank, map_ordinal)
    select r.section_id, r.label, r.row_index, g.n, r.x_start + (g.n - 1) * r.dx, r.y + (g.n - 1) * r.dy,
      g.n = any(r.accessible::int[]), g.n = any(r.restricted::int[]),
      row_number() over (partition by r.section_id order by r.row_index, abs(2 * g.n - r.seats - 1), g.n),
      r.ordinal_start + g.n - 1
    from unnest(
      ${rows.map((r) => r.sectionId)}::uuid[], ${rows.map((r) => r.label)}::text[], ${rows.map((r) => r.rowIndex)}::int[],
      ${rows.map((r) => r.seats)}::int[], ${rows.map((r) => r.xStart)}::real[], ${rows.map((r) => r.ordinalStart)}::int[],
      ${rows.map((r) => r.y)}::real[], ${rows.map((r) => r.dx)}::real[], ${rows.map((r) => r.dy)}::real[],
      ${rows.map((r) => intList(r.accessible))}::text[], ${rows.map((r) => intList(r.restricted))}::text[]
    ) as r(section_id, label, row_index, seats, x_start, ordinal_start, y, dx, dy, accessible, restricted)
    cross join lateral generate_series(1, r.seats) as g(n)
    -- Ids in seat-map order: a row's ids then count up with its numbers, which the compact layout encodes as one range.
    order by r.ordinal_start, g.n
  `.execute(db);
}

/** General-admission places: one seat row each, undrawn, picked in number order. */
export async function insertPlaceAreas(db: Executor, areas: PlaceAreaPlan[]): Promise<void> {
  if (areas.length === 0) return;
  await sql`
    insert into seats (section_id, row_label, row_index, number, x, y, pick_rank, map_ordinal)
    select a.section_id, null, 0, g.n, null, null, g.n, null
    from unnest(${areas.map((a) => a.sectionId)}::uuid[], ${areas.map((a) => a.capacity)}::int[]) as a(section_id, capacity)
    cross join lateral generate_series(1, a.capacity) as g(n)
  `.execute(db);
}

export async function findVenue(db: Executor, id: string) {
  return db
    .selectFrom('venues')
    .select(['id', 'name', 'city', 'address', 'timezone', 'field', sql<string>`trim(currency)`.as('currency'), 'tax_rate_bp'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findSections(db: Executor, venueId: string) {
  return db
    .selectFrom('sections')
    .select(['id', 'name', 'kind', 'capacity', 'position'])
    .where('venue_id', '=', venueId)
    .orderBy('position')
    .execute();
}

export interface VenueCursor {
  createdAt: Date;
  id: string;
}

/** Newest first, keyset-paginated on (created_at, id); `createdBy` narrows to one organizer's venues. */
export async function listVenues(db: Executor, createdBy: string | null, limit: number, after: VenueCursor | null) {
  let q = db
    .selectFrom('venues as v')
    .select(['v.id', 'v.name', 'v.city', 'v.address', 'v.timezone', 'v.created_at', 'v.currency', 'v.tax_rate_bp'])
    .select((eb) =>
      eb
        .selectFrom('sections as s')
        .whereRef('s.venue_id', '=', 'v.id')
        .select(sql<number>`coalesce(sum(s.capacity), 0)::int`.as('c'))
        .as('capacity'),
    )
    .orderBy('v.created_at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit);
  if (after) q = q.where(sql<boolean>`(v.created_at, v.id) < (${after.createdAt}, ${after.id}::uuid)`);
  if (createdBy) q = q.where('v.created_by', '=', createdBy);
  return q.execute();
}

/** The venue row locked for an edit, with who created it (organizers edit only their own). */
export async function lockVenue(tx: Tx, id: string) {
  return tx
    .selectFrom('venues')
    .select(['id', 'name', 'city', 'address', 'timezone', 'created_by'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateVenueRow(tx: Tx, id: string, set: Updateable<VenuesTable>): Promise<void> {
  await tx.updateTable('venues').set(set).where('id', '=', id).execute();
}

/** Events at the venue that were ever published: their seats are sold, held or ticketed, so the layout is fixed. */
export async function countPublishedEventsAt(db: Executor, venueId: string): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('venue_id', '=', venueId)
    .where('published_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every event at the venue, any status: their copies of its name and city follow it. */
export async function eventIdsAtVenue(db: Executor, venueId: string): Promise<string[]> {
  const rows = await db.selectFrom('events').select('id').where('venue_id', '=', venueId).execute();
  return rows.map((r) => r.id);
}

/**
 * Replaces a venue's sections (and so its seats) for a new layout. Draft tiers
 * keep the sections whose name is still there; the others drop out of their
 * tier. Only valid while no event at the venue was ever published (no
 * inventory, hold or ticket points at a seat).
 */
export async function replaceVenueSections(tx: Tx, venueId: string, insertNew: () => Promise<void>): Promise<void> {
  const links = await tx
    .selectFrom('event_sections as es')
    .innerJoin('sections as s', 's.id', 'es.section_id')
    .select(['es.event_id', 'es.tier_id', sql<string>`lower(s.name)`.as('name')])
    .where('s.venue_id', '=', venueId)
    .execute();
  await sql`delete from event_sections where section_id in (select id from sections where venue_id = ${venueId}::uuid)`.execute(tx);
  await tx.deleteFrom('sections').where('venue_id', '=', venueId).execute();
  await insertNew();
  if (links.length === 0) return;
  await sql`
    insert into event_sections (event_id, section_id, tier_id)
    select l.event_id, s.id, l.tier_id
    from unnest(${links.map((l) => l.event_id)}::uuid[], ${links.map((l) => l.tier_id)}::uuid[], ${links.map((l) => l.name)}::text[])
      as l(event_id, tier_id, name)
    join sections s on s.venue_id = ${venueId}::uuid and lower(s.name) = l.name
  `.execute(tx);
}
