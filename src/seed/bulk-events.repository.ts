import { sql } from 'kysely';
import type { Executor } from '../db/client.js';

/** What one venue contributes to a generated event: its denormalised names and one tier per section. */
export interface BulkVenue {
  id: string;
  name: string;
  city: string;
  capacity: number;
  minBase: number;
  maxBase: number;
  tiers: { name: string; base: number; sectionIds: string[] }[];
}

export interface BulkBatch {
  first: number;
  last: number;
  now: Date;
  organizerId: string;
  venues: BulkVenue[];
  categories: readonly string[];
  /** 4 per category, flattened in category order. */
  kinds: string[];
  adjectives: string[];
  nouns: string[];
  performerIds: string[];
  performerNames: string[];
}

/**
 * Inserts generated events number `first`..`last` in one statement: events,
 * price tiers, event sections and performers, all from generate_series. Each
 * choice is a hash of the event number, so a run is reproducible. Columns are
 * filled as create-event and publish-event would: performer_names joined by
 * ", " in position order, prices from the tiers, capacity from the sections,
 * seats_available = capacity, and inventory_ready = false so ensureInventory
 * materialises seats on first use.
 */
export async function insertEventBatch(ex: Executor, b: BulkBatch): Promise<number> {
  const { rows } = await sql<{ events: string }>`
    with v as (
      select (t.ord - 1)::int as vi, (t.x->>'id')::uuid as id, t.x->>'name' as name, t.x->>'city' as city,
        (t.x->>'capacity')::int as capacity, (t.x->>'minBase')::int as min_base, (t.x->>'maxBase')::int as max_base, t.x->'tiers' as tiers
      from jsonb_array_elements(${JSON.stringify(b.venues)}::jsonb) with ordinality as t(x, ord)
    ),
    g as (
      select g.i, h.*
      from generate_series(${b.first}::int8, ${b.last}::int8) as g(i)
      cross join lateral (
        select hashint8(g.i * 16 + 1)::int8 & 2147483647 as h1, hashint8(g.i * 16 + 2)::int8 & 2147483647 as h2,
          hashint8(g.i * 16 + 3)::int8 & 2147483647 as h3, hashint8(g.i * 16 + 4)::int8 & 2147483647 as h4,
          hashint8(g.i * 16 + 5)::int8 & 2147483647 as h5, hashint8(g.i * 16 + 6)::int8 & 2147483647 as h6,
          hashint8(g.i * 16 + 7)::int8 & 2147483647 as h7, hashint8(g.i * 16 + 8)::int8 & 2147483647 as h8
      ) h
    ),
    src as materialized (
      select gen_random_uuid() as id, v.id as venue_id, v.name as venue_name, v.city, v.capacity, v.min_base, v.max_base, v.tiers,
        ((g.h1 / 16) % ${b.categories.length})::int as ci,
        (${b.adjectives}::text[])[1 + g.h2 % ${b.adjectives.length}] || ' ' || (${b.nouns}::text[])[1 + g.h3 % ${b.nouns.length}] as title_words,
        1 + g.h5 % ${b.performerIds.length} as p1,
        case when g.h6 % 3 = 0 then 1 + (g.h5 + 1 + g.h6 % ${b.performerIds.length - 1}) % ${b.performerIds.length} end as p2,
        g.h4 % 4 as ki,
        date_trunc('day', ${b.now}::timestamptz) + (1 + g.h7 % 180) * interval '1 day' + (17 * 60 + (g.h8 % 8) * 30) * interval '1 minute' as starts_at,
        case when g.h8 % 10 = 0 and g.h7 % 180 > 31 then date_trunc('day', ${b.now}::timestamptz) + (1 + g.h6 % 30) * interval '1 day' + interval '10 hours' end as sale_starts_at,
        0.8 + (g.h2 % 801) / 1000.0 as factor,
        ((g.h3 % 1000) * ((g.h4 / 1000) % 1000) / 1000)::int as popularity
      from g join v on v.vi = g.h1 % ${b.venues.length}
    ),
    named as materialized (
      select s.*, (${b.categories}::text[])[1 + s.ci] as category,
        s.title_words || ' ' || (${b.kinds}::text[])[1 + s.ci * 4 + s.ki] as title,
        (${b.performerNames}::text[])[s.p1] || coalesce(', ' || (${b.performerNames}::text[])[s.p2], '') as performer_names
      from src s
    ),
    ins as (
      insert into events (id, organizer_id, venue_id, title, description, category, starts_at, status, sale_starts_at,
        city, venue_name, performer_names, min_price, max_price, currency, capacity, seats_available, popularity,
        inventory_ready, published_at, created_at, updated_at)
      select n.id, ${b.organizerId}::uuid, n.venue_id, n.title,
        n.performer_names || ' at ' || n.venue_name || ', ' || n.city || '. ' || n.title || ': doors open one hour before the show.',
        n.category, n.starts_at, 'published', n.sale_starts_at, n.city, n.venue_name, n.performer_names,
        round(n.min_base * n.factor / 50) * 50, round(n.max_base * n.factor / 50) * 50, 'EUR', n.capacity, n.capacity, n.popularity,
        false, ${b.now}, ${b.now}, ${b.now}
      from named n
      returning 1
    ),
    tiers as materialized (
      select s.id as event_id, gen_random_uuid() as tier_id, (t.ord - 1)::int as position, t.x->>'name' as name,
        round((t.x->>'base')::int * s.factor / 50) * 50 as amount, t.x->'sectionIds' as section_ids
      from src s cross join lateral jsonb_array_elements(s.tiers) with ordinality as t(x, ord)
    ),
    ins_tiers as (
      insert into price_tiers (id, event_id, name, price_amount, currency, position)
      select tier_id, event_id, name, amount, 'EUR', position from tiers
      returning 1
    ),
    ins_sections as (
      insert into event_sections (event_id, section_id, tier_id)
      select t.event_id, sec.v::uuid, t.tier_id from tiers t cross join lateral jsonb_array_elements_text(t.section_ids) as sec(v)
      returning 1
    ),
    ins_performers as (
      insert into event_performers (event_id, performer_id, position)
      select id, (${b.performerIds}::uuid[])[p1], 0 from src
      union all
      select id, (${b.performerIds}::uuid[])[p2], 1 from src where p2 is not null
      returning 1
    )
    select count(*)::text as events from ins
  `.execute(ex);
  return Number(rows[0]?.events ?? 0);
}

/** Upserts performers by name and returns their ids in the order given. */
export async function ensurePerformers(ex: Executor, names: string[]): Promise<string[]> {
  await sql`insert into performers (name) select unnest(${names}::text[]) on conflict ((lower(name))) do nothing`.execute(ex);
  const { rows } = await sql<{
    id: string;
    name: string;
  }>`select id, lower(name) as name from performers where lower(name) = any(${names.map((n) => n.toLowerCase())}::text[])`.execute(ex);
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  return names.map((n) => byName.get(n.toLowerCase())!);
}

/** The same words indexEventWords takes from an event, from the texts generated titles are made of. */
export async function addVocabulary(ex: Executor, texts: string[]): Promise<void> {
  await sql`
    insert into search_words (word)
    select distinct w from unnest(${texts}::text[]) as t(txt), regexp_split_to_table(lower(unaccent(t.txt)), '[^[:alnum:]]+') as w
    where length(w) >= 3
    on conflict (word) do nothing
  `.execute(ex);
}

export async function countListedEvents(ex: Executor): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*)::text as n from events where status = 'published'`.execute(ex);
  return Number(rows[0]?.n ?? 0);
}

export async function venueSections(ex: Executor, venueIds: string[]) {
  return ex
    .selectFrom('venues as v')
    .innerJoin('sections as s', 's.venue_id', 'v.id')
    .select(['v.id as venueId', 'v.name as venueName', 'v.city', 's.id as sectionId', 's.name as sectionName', 's.capacity'])
    .where('v.id', 'in', venueIds)
    .orderBy('v.name')
    .orderBy('s.position')
    .execute();
}

/** Fresh statistics after a bulk load, so the planner sees the real table. */
export async function analyzeCatalogue(ex: Executor): Promise<void> {
  await sql`analyze events; analyze event_performers; analyze performers; analyze search_words; analyze price_tiers`.execute(ex);
}
