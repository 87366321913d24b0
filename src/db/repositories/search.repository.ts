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
  min_price: string | null;
  currency: string | null;
  seats_available: number;
  popularity: number;
  rank: string | null;
  performers: string[];
}

function keysetCondition(after: Keyset, rank: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (after.sort) {
    case 'relevance':
      return sql`(${rank} < ${after.rank}::real or (${rank} = ${after.rank}::real and e.id > ${after.id}::uuid))`;
    case 'date':
      return sql`(e.starts_at, e.id) > (to_timestamp(0) + ${after.startsUs}::int8 * interval '1 microsecond', ${after.id}::uuid)`;
    case 'popularity':
      return sql`(e.popularity < ${after.popularity} or (e.popularity = ${after.popularity} and e.id > ${after.id}::uuid))`;
  }
}

/**
 * Inside the page query. With a text query the GIN match must drive the plan:
 * the planner guesses 0.5% of rows for any prefix match, so for a rare word it
 * would walk the whole starts_at or popularity index looking for the 21 rows
 * (166 ms on 100,000 events instead of 1 ms). Ordering by an expression those
 * indexes cannot supply makes it fetch the matches and sort them instead; the
 * order is the same.
 */
function innerOrderBy(plan: SearchPlan): RawBuilder<unknown> {
  const text = plan.tsquery !== null;
  switch (plan.sort) {
    case 'relevance':
      return sql`rank_value desc, e.id`;
    case 'date':
      return text ? sql`e.starts_at + interval '0 seconds', e.id` : sql`e.starts_at, e.id`;
    case 'popularity':
      return text ? sql`e.popularity + 0 desc, e.id` : sql`e.popularity desc, e.id`;
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
 */
export function eventSearchQuery(plan: SearchPlan): RawBuilder<SummaryRow> {
  const query = plan.tsquery === null ? null : sql`to_tsquery('boxoffice', ${plan.tsquery})`;
  const rank = query ? sql`ts_rank_cd(e.search_vector, ${query})` : sql`null::real`;
  const where: RawBuilder<unknown>[] = [sql`e.status = 'published'`, sql`e.starts_at > ${plan.now}`];
  if (query) where.push(sql`e.search_vector @@ ${query}`);
  if (plan.city !== null) where.push(sql`lower(e.city) = lower(${plan.city})`);
  if (plan.category !== null) where.push(sql`e.category = ${plan.category}`);
  if (plan.from !== null) where.push(sql`e.starts_at >= ${plan.from}`);
  if (plan.to !== null) where.push(sql`e.starts_at <= ${plan.to}`);
  if (plan.minPrice !== null) where.push(sql`e.max_price >= ${plan.minPrice}`);
  if (plan.maxPrice !== null) where.push(sql`e.min_price <= ${plan.maxPrice}`);
  if (plan.available) where.push(sql`e.seats_available > 0`);
  if (plan.after) where.push(keysetCondition(plan.after, rank));

  return sql<SummaryRow>`
    select p.id, p.title, p.category, p.starts_at, p.starts_us, p.status, p.sale_starts_at, p.sale_ends_at,
      p.venue_id, p.venue_name, p.city, p.min_price, p.currency, p.seats_available, p.popularity,
      p.rank_value::text as rank, coalesce(pf.names, '{}'::text[]) as performers
    from (
      select e.id, e.title, e.category, e.starts_at, e.status, e.sale_starts_at, e.sale_ends_at,
        e.venue_id, e.venue_name, e.city, e.min_price, e.currency, e.seats_available, e.popularity,
        (extract(epoch from e.starts_at) * 1000000)::int8::text as starts_us,
        ${rank} as rank_value
      from events e
      where ${sql.join(where, sql` and `)}
      order by ${innerOrderBy(plan)}
      limit ${plan.limit + 1}
    ) p
    left join lateral (
      select array_agg(pr.name order by ep.position) as names
      from event_performers ep join performers pr on pr.id = ep.performer_id
      where ep.event_id = p.id
    ) pf on true
    order by ${outerOrderBy(plan)}
  `;
}

export async function searchEvents(ex: Executor, plan: SearchPlan): Promise<SummaryRow[]> {
  const { rows } = await eventSearchQuery(plan).execute(ex);
  return rows;
}
