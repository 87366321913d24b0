import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../client.js';
import type { Keyset, ResolvedWord, SearchPlan } from '../../domain/search/search.types.js';

/** How many vocabulary words may stand in for one misspelt query word. */
const alternativesPerWord = 3;

export interface WordRow {
  ord: number;
  word: string;
  known: boolean;
  alternatives: string[];
}

/**
 * Normalises query words like the vocabulary (lower, unaccent) and, for each
 * word the vocabulary does not know (the last one counts as known when some
 * word starts with it), finds its closest known words by trigram similarity
 * (pg_trgm `%`, threshold 0.3). The CASE keeps the trigram lookup lazy:
 * correctly spelt words cost one index probe.
 */
export function wordLookupQuery(words: string[]): RawBuilder<WordRow> {
  return sql<WordRow>`
    select i.ord::int as ord, i.w as word, i.known,
      case when i.known or length(i.w) < 3 then '{}'::text[]
      else coalesce((
        select array_agg(c.word order by c.sim desc, c.word)
        from (
          select s.word, similarity(s.word, i.w) as sim
          from search_words s
          where s.word % i.w
          order by sim desc, s.word
          limit ${alternativesPerWord}
        ) c
      ), '{}'::text[]) end as alternatives
    from (
      select n.w, n.ord,
        case when n.ord = ${words.length}
          then exists (select 1 from search_words s where s.word like n.w || '%')
          else exists (select 1 from search_words s where s.word = n.w) end as known
      from (
        select lower(unaccent(t.w)) as w, t.ord
        from unnest(${words}::text[]) with ordinality as t(w, ord)
      ) n
    ) i
    order by i.ord
  `;
}

export async function lookUpWords(ex: Executor, words: string[]): Promise<ResolvedWord[]> {
  if (words.length === 0) return [];
  const { rows } = await wordLookupQuery(words).execute(ex);
  return rows.map((r) => ({ word: r.word, prefix: r.ord === words.length, alternatives: r.alternatives }));
}

/**
 * Adds the words of an event's title, performers, venue and city to the
 * vocabulary that typo correction matches against. Call after creating or
 * changing an event, in the same transaction.
 */
export function eventWordsQuery(eventId: string): RawBuilder<unknown> {
  return sql`
    insert into search_words (word)
    select distinct w from events e,
      regexp_split_to_table(lower(unaccent(e.title || ' ' || e.performer_names || ' ' || e.venue_name || ' ' || e.city)), '[^[:alnum:]]+') as w
    where e.id = ${eventId} and length(w) >= 3
    on conflict (word) do nothing
  `;
}

export async function indexEventWords(ex: Executor, eventId: string): Promise<void> {
  await eventWordsQuery(eventId).execute(ex);
}

export interface SummaryRow {
  id: string;
  title: string;
  category: string;
  starts_at: Date;
  starts_us: string;
  status: 'draft' | 'published' | 'cancelled' | 'removed';
  sale_starts_at: Date | null;
  sale_ends_at: Date | null;
  venue_id: string;
  venue_name: string;
  city: string;
  /** The venue's IANA zone: every time shown is the venue's local time. */
  timezone: string;
  min_price: string | null;
  currency: string | null;
  seats_available: number;
  popularity: number;
  rank: string | null;
  /** Relevance walk only: how many candidates the walk found (at most broadCandidates). */
  candidates: number | null;
  performers: string[];
}

function keysetCondition(after: Keyset, rank: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (after.sort) {
    case 'relevance':
      return sql`(${rank} < ${after.rank}::real or (${rank} = ${after.rank}::real and e.id > ${after.id}::uuid))`;
    case 'date':
      return sql`(e.starts_at, e.id) > (to_timestamp(0) + ${after.startsUs}::int8 * interval '1 microsecond', ${after.id}::uuid)`;
    case 'popularity':
      // The leading bound lets the popularity index start at the boundary instead of filtering its way there.
      return sql`(e.popularity <= ${after.popularity} and (e.popularity < ${after.popularity} or (e.popularity = ${after.popularity} and e.id > ${after.id}::uuid)))`;
  }
}

/**
 * Relevance over a very common word ranks only this many of its matches, the
 * most popular ones (see eventSearchQuery); pages end after them.
 */
export const broadCandidates = 100;

function textQuery(plan: SearchPlan): RawBuilder<unknown> | null {
  return plan.tsquery === null ? null : sql`to_tsquery('boxoffice', ${plan.tsquery})`;
}

const venueZone = sql`(select v.timezone from venues v where v.id = e.venue_id)`;

/** Every condition of the search except the text and the page boundary. */
function searchFilters(plan: SearchPlan): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`e.status = 'published'`, sql`e.starts_at > ${plan.now}`];
  if (plan.city !== null) where.push(sql`lower(e.city) = lower(${plan.city})`);
  if (plan.category !== null) where.push(sql`e.category = ${plan.category}`);
  if (plan.from !== null) where.push(sql`e.starts_at >= ${plan.from}`);
  if (plan.to !== null) where.push(sql`e.starts_at <= ${plan.to}`);
  // The venue's calendar day, not the server's or the browser's: a show at 23:30 local is on its local day.
  if (plan.fromDate !== null) where.push(sql`(e.starts_at at time zone ${venueZone}) >= ${plan.fromDate}::date`);
  if (plan.toDate !== null) where.push(sql`(e.starts_at at time zone ${venueZone}) < ${plan.toDate}::date + 1`);
  if (plan.currency !== null) where.push(sql`e.currency = ${plan.currency}`);
  if (plan.minPrice !== null) where.push(sql`e.max_price >= ${plan.minPrice}`);
  if (plan.maxPrice !== null) where.push(sql`e.min_price <= ${plan.maxPrice}`);
  if (plan.available) where.push(sql`e.seats_available > 0`);
  return where;
}

function withText(plan: SearchPlan, where: RawBuilder<unknown>[]): RawBuilder<unknown>[] {
  const query = textQuery(plan);
  return query ? [...where, sql`e.search_vector @@ ${query}`] : where;
}

/** Conditions the order's own index serves (index conditions), so a bounded walk reads only rows that meet them. */
function walkConditions(plan: SearchPlan): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`e.status = 'published'`];
  if (plan.sort !== 'date') return where;
  // (lower(city), starts_at) serves a city in date order as (starts_at, id) serves all cities.
  if (plan.city !== null) where.push(sql`lower(e.city) = lower(${plan.city})`);
  where.push(sql`e.starts_at > ${plan.now}`);
  if (plan.from !== null) where.push(sql`e.starts_at >= ${plan.from}`);
  if (plan.to !== null) where.push(sql`e.starts_at <= ${plan.to}`);
  return where;
}

/** The planner's estimate of how many listed events match (EXPLAIN only: nothing is read). */
export function matchEstimateQuery(plan: SearchPlan): RawBuilder<{ 'QUERY PLAN': unknown }> {
  return sql`explain (format json) select 1 from events e where ${sql.join(withText(plan, searchFilters(plan)), sql` and `)}`;
}

export async function estimateMatches(ex: Executor, plan: SearchPlan): Promise<number> {
  const { rows } = await matchEstimateQuery(plan).execute(ex);
  const raw = rows[0]?.['QUERY PLAN'];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[] | undefined;
  return Number(doc?.[0]?.Plan?.['Plan Rows'] ?? 0);
}

export interface SearchStatistics {
  /** Events as of the last ANALYZE, an upper bound of what a listing index walk visits; -1 before the first. */
  events: number;
  /**
   * The smallest lexeme frequency ANALYZE kept (most_common_elem_freqs ends
   * with the minimum and maximum): a word the statistics call rarer than this
   * is a guess, not a measurement. Null without statistics.
   */
  minLexemeFrequency: number | null;
}

export function statisticsQuery(): RawBuilder<{ events: number; min_freq: number | null }> {
  return sql`
    select c.reltuples::float8 as events,
      (s.most_common_elem_freqs)[array_length(s.most_common_elem_freqs, 1) - 1]::float8 as min_freq
    from pg_class c
    left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'events' and s.attname = 'search_vector'
    where c.oid = 'events'::regclass`;
}

export async function searchStatistics(ex: Executor): Promise<SearchStatistics> {
  const { rows } = await statisticsQuery().execute(ex);
  return { events: Number(rows[0]?.events ?? -1), minLexemeFrequency: rows[0]?.min_freq ?? null };
}

/**
 * How the page query orders the matches before the LIMIT.
 * 'all': every text match comes from the GIN index (which also narrows by
 * category and city, migration 0006) and is ranked or sorted — cheap while
 * the matches are few. Ordering by an expression the starts_at/popularity
 * indexes cannot supply keeps the planner from walking them for a rare word
 * (166 ms instead of 1 ms on 100,000 events); the order is the same.
 * 'walk': for a common word, follow the sort's index and stop after one page,
 * since most rows match.
 */
function innerOrderBy(plan: SearchPlan): RawBuilder<unknown> {
  const guard = plan.strategy === 'all';
  switch (plan.sort) {
    case 'relevance':
      return sql`rank_value desc, e.id`;
    case 'date':
      return guard ? sql`e.starts_at + interval '0 seconds', e.id` : sql`e.starts_at, e.id`;
    case 'popularity':
      return guard ? sql`e.popularity + 0 desc, e.id` : sql`e.popularity desc, e.id`;
  }
}

function outerOrderBy(plan: SearchPlan): RawBuilder<unknown> {
  switch (plan.sort) {
    case 'relevance':
      return sql`p.rank_value desc, p.id`;
    case 'date':
      return sql`p.starts_at, p.id`;
    case 'popularity':
      return sql`p.popularity desc, p.id`;
  }
}

/**
 * One page of listed events (published, not yet started) plus one row to tell
 * whether another page follows. Keyset pagination on every sort, never OFFSET;
 * performers are gathered only for the rows of the page.
 *
 * Relevance over a common word ('walk') ranks the `broadCandidates` most
 * popular matches, read in popularity order, instead of all of them: ranking
 * every event that says "concert" cost ~600 ms on 1,000,000 events, and the
 * pre-order makes the candidate set the same on every page.
 */
export function eventSearchQuery(plan: SearchPlan): RawBuilder<SummaryRow> {
  const query = textQuery(plan);
  const rank = query ? sql`ts_rank_cd(e.search_vector, ${query})` : sql`null::real`;
  const keyset = plan.after ? [keysetCondition(plan.after, rank)] : [];
  let source: RawBuilder<unknown> = sql`events e`;
  let candidates: RawBuilder<unknown> = sql`null::int`;
  let where = [...withText(plan, searchFilters(plan)), ...keyset];
  if (plan.strategy === 'walk') {
    // The inner walk reads at most walkBudget rows of the order's index: only conditions that index serves are
    // inside it, every other filter applies to what it read. Too few found: the caller reads every match instead.
    const filtered = sql.join(withText(plan, searchFilters(plan)), sql` and `);
    if (query && plan.sort === 'relevance') {
      source = sql`(select c.*, (count(*) over ())::int as candidates from (
          select * from (select * from events e where e.status = 'published' order by e.popularity desc, e.id limit ${plan.walkBudget}) e
          where ${filtered} order by e.popularity desc, e.id limit ${broadCandidates}) c) e`;
      candidates = sql`e.candidates`;
      where = keyset.length > 0 ? keyset : [sql`true`];
    } else {
      source = sql`(select * from events e where ${sql.join([...walkConditions(plan), ...keyset], sql` and `)}
        order by ${innerOrderBy(plan)} limit ${plan.walkBudget}) e`;
      where = [filtered];
    }
  }

  return sql<SummaryRow>`
    select p.id, p.title, p.category, p.starts_at, p.starts_us, p.status, p.sale_starts_at, p.sale_ends_at,
      p.venue_id, p.venue_name, p.city, p.min_price, p.currency, p.seats_available, p.popularity,
      p.rank_value::text as rank, p.candidates, coalesce(pf.names, '{}'::text[]) as performers, v.timezone
    from (
      select e.id, e.title, e.category, e.starts_at, e.status, e.sale_starts_at, e.sale_ends_at,
        e.venue_id, e.venue_name, e.city, e.min_price, e.currency, e.seats_available, e.popularity,
        (extract(epoch from e.starts_at) * 1000000)::int8::text as starts_us,
        ${rank} as rank_value, ${candidates} as candidates
      from ${source}
      where ${sql.join(where, sql` and `)}
      order by ${innerOrderBy(plan)}
      limit ${plan.limit + 1}
    ) p
    join venues v on v.id = p.venue_id
    left join lateral (
      select array_agg(pr.name order by ep.position) as names
      from event_performers ep join performers pr on pr.id = ep.performer_id
      where ep.event_id = p.id
    ) pf on true
    order by ${outerOrderBy(plan)}
  `;
}

/**
 * A walk that found less than it needed (a page, or the relevance
 * candidates) may have stopped at its budget because the word was rarer than
 * estimated, or reached the end: reading every match answers both correctly.
 */
export async function searchEvents(ex: Executor, plan: SearchPlan): Promise<SummaryRow[]> {
  const { rows } = await eventSearchQuery(plan).execute(ex);
  if (plan.strategy !== 'walk') return rows;
  // Relevance: a full candidate set is the same on every page, so every page of that query walks.
  const complete = plan.sort === 'relevance' ? rows.length > 0 && rows[0]!.candidates === broadCandidates : rows.length > plan.limit;
  return complete ? rows : (await eventSearchQuery({ ...plan, strategy: 'all' }).execute(ex)).rows;
}
